import type { AuditAction, Dimension, Scope, TargetingRule, WebhookEvent } from './types';

/**
 * The values of the API's enums the forms offer, each list checked by the
 * compiler against the generated types: a value the API adds or drops
 * fails to compile here until the form follows.
 */
const all = <V extends string>(values: Record<V, true>) => Object.keys(values) as V[];

type Values<K extends keyof TargetingRule> = NonNullable<TargetingRule[K]> extends (infer V extends string)[] ? V : never;

export const DEVICES = all<Values<'device'>>({ desktop: true, mobile: true, tablet: true });
export const OPERATING_SYSTEMS = all<Values<'os'>>({ ios: true, android: true, windows: true, macos: true, linux: true, chromeos: true });
export const BROWSERS = all<Values<'browser'>>({ chrome: true, safari: true, firefox: true, edge: true, opera: true, samsung: true });
export const WEBHOOK_EVENTS = all<WebhookEvent>({ 'link.created': true, 'link.updated': true, 'link.deleted': true, 'link.clicked': true });
export const SCOPES = all<Scope>({
  'links:read': true,
  'links:write': true,
  'domains:read': true,
  'domains:write': true,
  'analytics:read': true,
  'webhooks:read': true,
  'webhooks:write': true,
  'keys:write': true,
  'members:read': true,
  'members:write': true,
  'audit:read': true,
});
export const DIMENSIONS = all<Dimension>({ referrer: true, country: true, city: true, device: true, browser: true, os: true, variant: true });
export const AUDIT_ACTIONS = all<AuditAction>({
  'link.created': true,
  'link.updated': true,
  'link.deleted': true,
  'webhook.created': true,
  'webhook.updated': true,
  'webhook.deleted': true,
  'domain.created': true,
  'domain.updated': true,
  'domain.verified': true,
  'domain.deleted': true,
  'api_key.created': true,
  'api_key.revoked': true,
  'member.added': true,
  'member.role_changed': true,
  'member.removed': true,
  'invitation.created': true,
  'invitation.revoked': true,
});

import { SCOPES, type Scope } from './scopes';

/** A person's place in a workspace, most powerful first. */
export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;

export type Role = (typeof ROLES)[number];

const VIEWER: readonly Scope[] = ['links:read', 'domains:read', 'analytics:read', 'webhooks:read', 'members:read'];

/**
 * What each role may do, as the scopes API keys carry, so one check decides
 * for both credentials. Viewers read; members also make and change links;
 * admins run the workspace (domains, webhooks, keys, members, the audit
 * trail). Owners hold what admins do, and only they may make, demote or
 * remove an owner (service rules, not a scope), so a workspace always keeps one.
 */
export const ROLE_SCOPES: Readonly<Record<Role, readonly Scope[]>> = {
  owner: SCOPES,
  admin: SCOPES,
  member: [...VIEWER, 'links:write'],
  viewer: VIEWER,
};

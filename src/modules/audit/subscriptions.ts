import { subscription, type Subscription } from '../../shared/events';
import { domainCreated, domainDeleted, domainUpdated, domainVerified } from '../domains';
import { apiKeyCreated, apiKeyRevoked, invitationCreated, invitationRevoked, memberAdded, memberRemoved, memberRoleChanged } from '../identity';
import { linkCreated, linkDeleted, linkUpdated } from '../links';
import { webhookCreated, webhookDeleted, webhookUpdated } from '../webhooks';

/** The domain events audit records, one subscription each (what each records: recorders.ts). */
export const recordLinkCreated = subscription('record-link-created', linkCreated);
export const recordLinkUpdated = subscription('record-link-updated', linkUpdated);
export const recordLinkDeleted = subscription('record-link-deleted', linkDeleted);
export const recordWebhookCreated = subscription('record-webhook-created', webhookCreated);
export const recordWebhookUpdated = subscription('record-webhook-updated', webhookUpdated);
export const recordWebhookDeleted = subscription('record-webhook-deleted', webhookDeleted);
export const recordDomainCreated = subscription('record-domain-created', domainCreated);
export const recordDomainUpdated = subscription('record-domain-updated', domainUpdated);
export const recordDomainVerified = subscription('record-domain-verified', domainVerified);
export const recordDomainDeleted = subscription('record-domain-deleted', domainDeleted);
export const recordApiKeyCreated = subscription('record-api-key-created', apiKeyCreated);
export const recordApiKeyRevoked = subscription('record-api-key-revoked', apiKeyRevoked);
export const recordMemberAdded = subscription('record-member-added', memberAdded);
export const recordMemberRoleChanged = subscription('record-member-role-changed', memberRoleChanged);
export const recordMemberRemoved = subscription('record-member-removed', memberRemoved);
export const recordInvitationCreated = subscription('record-invitation-created', invitationCreated);
export const recordInvitationRevoked = subscription('record-invitation-revoked', invitationRevoked);

/** Links' events, which AUDIT_LINK_CHANGES may leave out of the trail. */
export const linkSubscriptions: readonly Subscription[] = [recordLinkCreated, recordLinkUpdated, recordLinkDeleted];

/** All of them: the module's declaration, and the actions the API names. */
export const auditSubscriptions = [
  recordLinkCreated,
  recordLinkUpdated,
  recordLinkDeleted,
  recordWebhookCreated,
  recordWebhookUpdated,
  recordWebhookDeleted,
  recordDomainCreated,
  recordDomainUpdated,
  recordDomainVerified,
  recordDomainDeleted,
  recordApiKeyCreated,
  recordApiKeyRevoked,
  recordMemberAdded,
  recordMemberRoleChanged,
  recordMemberRemoved,
  recordInvitationCreated,
  recordInvitationRevoked,
];

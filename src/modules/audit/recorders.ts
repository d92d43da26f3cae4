import type { EventDefinition, EventOf, Subscription } from '../../shared/events';
import type { EntryTable } from './data/entries-repository';
import * as heard from './subscriptions';
import type { Changes, Target } from './types';

/**
 * What each heard event records: the entry's target and what changed, and
 * the table it goes to. Events of the global modules (identity, domains) are
 * published on main whatever the workspace's shard, so they go to
 * `global_entries`, which stays there; the others go to `entries`, which
 * moves with its workspace (migrations/audit/001_entries.ts).
 */
export interface Recorder<E extends EventDefinition = EventDefinition> {
  subscription: Subscription<E>;
  table: EntryTable;
  record(event: EventOf<E>): { target: Target; changes: Changes | null };
}

/** Typed by its subscription's event, then erased into the list: each is only ever handed its own subscription's events. */
function recorder<E extends EventDefinition>(subscription: Subscription<E>, table: EntryTable, record: Recorder<E>['record']): Recorder {
  return { subscription, table, record } as unknown as Recorder;
}

const link = (id: string, domain: string | null, slug: string): Target => ({ type: 'link', id, label: `${domain ?? ''}/${slug}` });
const domain = (id: string, hostname: string): Target => ({ type: 'domain', id, label: hostname });
const webhook = (id: string, url: string): Target => ({ type: 'webhook', id, label: url });
const apiKey = (key: { id: string; name: string; prefix: string }): Target => ({ type: 'api_key', id: key.id, label: `${key.name} (${key.prefix})` });
const member = (m: { userId: string; email: string }): Target => ({ type: 'member', id: m.userId, label: m.email });
const invitation = (i: { id: string; email: string | null }): Target => ({ type: 'invitation', id: i.id, label: i.email ?? 'anyone with the link' });

export const recorders: readonly Recorder[] = [
  recorder(heard.recordLinkCreated, 'entries', ({ data: { link: l } }) => ({ target: link(l.id, l.domain, l.slug), changes: null })),
  recorder(heard.recordLinkUpdated, 'entries', ({ data: { link: l, changed } }) => ({
    target: link(l.id, l.domain, l.slug),
    changes: { fields: changed },
  })),
  recorder(heard.recordLinkDeleted, 'entries', ({ data }) => ({ target: link(data.linkId, data.domain, data.slug), changes: null })),

  recorder(heard.recordWebhookCreated, 'entries', ({ data: { webhook: w } }) => ({ target: webhook(w.id, w.url), changes: null })),
  recorder(heard.recordWebhookUpdated, 'entries', ({ data: { webhook: w, changed } }) => ({
    target: webhook(w.id, w.url),
    // Disabled, by request or after too many failures: the reason says which.
    changes: changed.includes('disabledReason') && w.disabledReason !== null ? { fields: changed, reason: w.disabledReason } : { fields: changed },
  })),
  recorder(heard.recordWebhookDeleted, 'entries', ({ data }) => ({ target: webhook(data.webhookId, data.url), changes: null })),

  recorder(heard.recordDomainCreated, 'global_entries', ({ data: { domain: d } }) => ({ target: domain(d.id, d.hostname), changes: null })),
  recorder(heard.recordDomainUpdated, 'global_entries', ({ data: { domain: d, changed } }) => ({
    target: domain(d.id, d.hostname),
    changes: { fields: changed },
  })),
  recorder(heard.recordDomainVerified, 'global_entries', ({ data: { domain: d } }) => ({ target: domain(d.id, d.hostname), changes: null })),
  recorder(heard.recordDomainDeleted, 'global_entries', ({ data }) => ({
    target: domain(data.domainId, data.hostname),
    changes: data.expired ? { reason: 'pending for longer than DOMAINS_PENDING_DAYS' } : null,
  })),

  recorder(heard.recordApiKeyCreated, 'global_entries', ({ data }) => ({ target: apiKey(data.apiKey), changes: { scopes: data.apiKey.scopes } })),
  recorder(heard.recordApiKeyRevoked, 'global_entries', ({ data }) => ({ target: apiKey(data.apiKey), changes: null })),
  recorder(heard.recordMemberAdded, 'global_entries', ({ data }) => ({ target: member(data.member), changes: { role: data.role } })),
  recorder(heard.recordMemberRoleChanged, 'global_entries', ({ data }) => ({
    target: member(data.member),
    changes: { role: data.to, previousRole: data.from },
  })),
  recorder(heard.recordMemberRemoved, 'global_entries', ({ data }) => ({ target: member(data.member), changes: { previousRole: data.role } })),
  recorder(heard.recordInvitationCreated, 'global_entries', ({ data }) => ({
    target: invitation(data.invitation),
    changes: { role: data.invitation.role },
  })),
  recorder(heard.recordInvitationRevoked, 'global_entries', ({ data }) => ({
    target: invitation(data.invitation),
    changes: { role: data.invitation.role },
  })),
];

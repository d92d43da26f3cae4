import type { Knex } from 'knex';

/**
 * The inbox: per subscribing module, a table `<module>.event_inbox` of the events
 * each of its subscriptions has handled. It lives in the subscriber's own schema,
 * so the "seen" record commits with the handler's effect — exactly-once effects
 * over at-least-once delivery — and moves with the module if it is extracted.
 * Like `<module>.knex_migrations`, the platform creates and prunes it.
 */
export const INBOX_TABLE = 'event_inbox';

export async function createInbox(db: Knex, module: string): Promise<void> {
  await db.raw(
    `create table if not exists ??.?? (
       subscription text not null,
       event_id uuid not null,
       handled_at timestamptz not null default now(),
       primary key (subscription, event_id)
     )`,
    [module, INBOX_TABLE],
  );
  await db.raw('create index if not exists ?? on ??.?? (handled_at)', [`${INBOX_TABLE}_handled_at`, module, INBOX_TABLE]);
}

/** Records the event as handled by the subscription; false when it already was (a redelivery). */
export async function claimEvent(trx: Knex.Transaction, module: string, subscription: string, eventId: string): Promise<boolean> {
  return (await claimEvents(trx, module, subscription, [eventId])).size === 1;
}

/** Records the events as handled by the subscription; returns the ids that were not already (one statement). */
export async function claimEvents(trx: Knex.Transaction, module: string, subscription: string, eventIds: readonly string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const result = await trx.raw<{ rows: { event_id: string }[] }>(
    'insert into ??.?? (subscription, event_id) select ?, unnest(?::uuid[]) on conflict do nothing returning event_id',
    [module, INBOX_TABLE, subscription, [...eventIds]],
  );
  return new Set(result.rows.map((row) => row.event_id));
}

/**
 * Forgets inbox records older than `days`. Safe once no delivery of those events
 * can still arrive: graphile-worker gives up on a job after its last attempt
 * (25 by default, the last about four days after the first with its backoff).
 */
export async function pruneInbox(db: Knex, module: string, days: number): Promise<number> {
  const result = await db.raw(`delete from ??.?? where handled_at < now() - make_interval(days => ?)`, [module, INBOX_TABLE, days]);
  return (result as { rowCount: number }).rowCount;
}

/** Inbox records are kept this long: well past the last retry of any delivery job. */
export const INBOX_RETENTION_DAYS = 14;

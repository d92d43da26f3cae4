import type { Migration } from '../../src/shared/db/migrations';

/**
 * The audit trail: one row per heard event, keyed by the event's id, so a
 * redelivered event stores nothing twice. Two tables of one shape, by where
 * the event was published:
 *
 * - `entries`: events of the modules that keep a workspace's data in its
 *   shard (links, webhooks); it is workspace data, moved with the workspace.
 * - `global_entries`: events of the global modules (identity, domains),
 *   published on main whatever the workspace's shard; kept on main, never
 *   moved, so a move cannot overwrite what main recorded meanwhile.
 *
 * Without SHARDS both are on the one database. Keys and indexes are led by
 * workspace_id, as every tenant table's.
 */
export const entries: Migration = {
  name: '001_entries',
  async up(knex) {
    await knex.raw(`
      create table audit.entries (
        workspace_id uuid not null,
        event_id uuid not null,
        -- When the change happened: the event's occurredAt (millisecond precision, as cursors carry it).
        at timestamptz not null,
        -- The event type, e.g. link.updated.
        action text not null,
        -- Who: an API key or a person; all null for the system (a job, the CLI, an expiry).
        actor_kind text check (actor_kind in ('key', 'user')),
        actor_id text,
        actor_label text,
        -- What: its type (link, domain, webhook, api_key, member, invitation), id and a name a reader knows it by.
        target_type text not null,
        target_id text not null,
        target_label text not null,
        -- What changed, where the event says: the fields of an update, a role's before and after.
        changes jsonb,
        primary key (workspace_id, event_id),
        check ((actor_kind is null) = (actor_id is null))
      );
      create index entries_recent_idx on audit.entries (workspace_id, at desc, event_id desc);
      create index entries_target_idx on audit.entries (workspace_id, target_id, at desc, event_id desc);
      create index entries_actor_idx on audit.entries (workspace_id, actor_id, at desc, event_id desc);
      -- The retention job's scan, across workspaces.
      create index entries_at_idx on audit.entries (at);

      create table audit.global_entries (like audit.entries including all);
    `);
  },
  async down(knex) {
    await knex.raw('drop table audit.global_entries; drop table audit.entries');
  },
};

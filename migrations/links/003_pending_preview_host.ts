import type { Migration } from '../../src/shared/db/migrations';

export const pendingPreviewHost: Migration = {
  name: '003_pending_preview_host',
  async up(knex) {
    // The host (host:port, as URL.host gives it) whose page a pending preview
    // waits for; null once stored or when none is pending. The preview job
    // works through one workspace's pending previews of one host at a time,
    // found by this partial index, which holds pending rows only.
    await knex.raw('alter table links.links add column preview_host text');
    await knex.raw(
      `create index links_pending_preview_idx on links.links (workspace_id, preview_host, created_at, id)
       where preview_host is not null`,
    );
    // Previews pending from before: stored URLs are normalised (lower-case
    // host, default port dropped), so the authority minus any user info is URL.host.
    await knex.raw(
      `update links.links set preview_host = substring(url from '^[a-z][a-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#]*)')
       where preview->>'status' = 'pending'`,
    );
  },
  async down(knex) {
    await knex.raw('alter table links.links drop column preview_host');
  },
};

import type { Migration } from '../../src/shared/db/migrations';

/**
 * Links keyed by workspace first, as a distributed PostgreSQL (Citus) needs:
 * it enforces keys only within a shard, so a unique index on the slug alone
 * cannot exist there. Slugs stay unique across the service through the slug
 * directory (004), which every write claims in before it stores a slug; in
 * links.links a slug is unique per workspace, and the redirect's look-up by
 * slug keeps an index of its own.
 */
export const workspaceKeys: Migration = {
  name: '005_workspace_keys',
  async up(knex) {
    await knex.raw(`
      alter table links.links drop constraint links_pkey, add primary key (workspace_id, id);
      drop index links.links_slug_key;
      create unique index links_workspace_slug_key on links.links (workspace_id, lower(slug));
      create index links_slug_idx on links.links (lower(slug));
    `);
  },
  async down(knex) {
    await knex.raw(`
      drop index links.links_slug_idx;
      drop index links.links_workspace_slug_key;
      create unique index links_slug_key on links.links (lower(slug));
      alter table links.links drop constraint links_pkey, add primary key (id);
    `);
  },
};

import type { Migration } from '../../src/shared/db/migrations';

/**
 * Links on custom domains: `domain` is the hostname of one of the
 * workspace's verified domains (the domains module's), null for the default
 * domain. A slug is unique per domain, so a link's key is
 * `coalesce(domain || '/', '') || lower(slug)` — the bare lower-cased slug on
 * the default domain, as before, and `<hostname>/<slug>` on a custom one —
 * which is also its key in the slug directory and the redirect cache. The
 * indexes keep their names (the unique one is how a taken slug is recognised).
 */
export const linkDomains: Migration = {
  name: '010_link_domains',
  async up(knex) {
    await knex.raw(`
      alter table links.links add column domain text;
      drop index links.links_workspace_slug_key;
      create unique index links_workspace_slug_key on links.links (workspace_id, (coalesce(domain || '/', '') || lower(slug)));
      drop index links.links_slug_idx;
      create index links_slug_idx on links.links ((coalesce(domain || '/', '') || lower(slug)));
    `);
  },
  async down(knex) {
    await knex.raw(`
      drop index links.links_slug_idx;
      create index links_slug_idx on links.links (lower(slug));
      drop index links.links_workspace_slug_key;
      create unique index links_workspace_slug_key on links.links (workspace_id, lower(slug));
      alter table links.links drop column domain;
    `);
  },
};

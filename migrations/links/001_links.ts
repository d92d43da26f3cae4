import type { Migration } from '../../src/shared/db/migrations';

export const links: Migration = {
  name: '001_links',
  async up(knex) {
    await knex.raw(`
      create table links.links (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null,
        slug text not null,
        url text not null,
        title text,
        tags text[] not null default '{}',
        expires_at timestamptz,
        redirect_type smallint not null default 302 check (redirect_type in (301, 302, 307, 308)),
        forward_query boolean not null default false,
        -- Millisecond precision, as JavaScript dates have: pagination cursors carry
        -- created_at and must compare equal to the stored value.
        created_at timestamptz not null default date_trunc('milliseconds', now()),
        updated_at timestamptz not null default date_trunc('milliseconds', now())
      );
      -- One public namespace, case-insensitive: "Promo" and "promo" are the same slug.
      create unique index links_slug_key on links.links (lower(slug));
      -- Keyset pagination: newest first, id as the tie-breaker.
      create index links_workspace_page_idx on links.links (workspace_id, created_at desc, id desc);
      create index links_tags_idx on links.links using gin (tags);

      -- How many links each workspace has, kept in step with inserts and deletes so
      -- the plan limit is checked in O(1) and cannot be raced past (row lock).
      create table links.workspace_usage (
        workspace_id uuid primary key,
        link_count integer not null default 0 check (link_count >= 0),
        -- Per-workspace override of LINKS_MAX_PER_WORKSPACE; null = the default.
        max_links integer check (max_links > 0)
      );
    `);
  },
  async down(knex) {
    await knex.raw('drop table links.workspace_usage; drop table links.links;');
  },
};

import type { Migration } from '../../src/shared/db/migrations';

/**
 * The slug directory: which workspace owns each slug (lower-cased), across
 * every shard. It lives on the main database and is what makes slugs unique
 * across the service once links are spread over several databases, and how a
 * redirect finds the database of a slug it has not cached without asking them
 * all (docs/SCALING.md#shards). A shard's own copy of this table stays empty.
 */
export const slugDirectory: Migration = {
  name: '004_slug_directory',
  async up(knex) {
    await knex.raw(`
      create table links.slug_directory (
        slug_key text primary key,
        workspace_id uuid not null
      );
      insert into links.slug_directory (slug_key, workspace_id) select lower(slug), workspace_id from links.links;
    `);
  },
  async down(knex) {
    await knex.raw('drop table links.slug_directory');
  },
};

import type { Migration } from '../../src/shared/db/migrations';

export const linkPreviews: Migration = {
  name: '002_link_previews',
  async up(knex) {
    // What the target page says about itself (title, description, image), or why
    // it could not be read: written by the links.fetch-preview job, never by the
    // API. A column rather than a table: one preview per link, read with it.
    // Nullable without a default, so adding it rewrites no row.
    await knex.raw('alter table links.links add column preview jsonb');
  },
  async down(knex) {
    await knex.raw('alter table links.links drop column preview');
  },
};

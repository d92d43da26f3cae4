import type { Migration } from '../../src/shared/db/migrations';

/**
 * Clicks a link had on the platform it was imported from, where the export
 * gives only a total (Shlink's visits, YOURLS' clicks, Kutt's visit_count):
 * kept apart from Shortline's own clicks, which analytics counts one by one,
 * and shown as the link's `importedClicks`. A constant default adds the
 * column without rewriting the table.
 */
export const importedClicks: Migration = {
  name: '011_imported_clicks',
  async up(knex) {
    await knex.raw('alter table links.links add column imported_clicks bigint not null default 0 check (imported_clicks >= 0)');
  },
  async down(knex) {
    await knex.raw('alter table links.links drop column imported_clicks');
  },
};

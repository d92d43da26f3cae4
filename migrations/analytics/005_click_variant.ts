import type { Migration } from '../../src/shared/db/migrations';

/**
 * The A/B variant a click was sent to (its name, from the link's `variants`),
 * null for a link without a split. The rollups count it as the dimension
 * `variant`, for clicks that have one only.
 */
export const clickVariant: Migration = {
  name: '005_click_variant',
  async up(knex) {
    await knex.raw(`
      alter table analytics.clicks add column variant text;
      alter table analytics.dimension_daily drop constraint dimension_daily_dimension_check,
        add constraint dimension_daily_dimension_check check (dimension in ('referrer', 'country', 'city', 'device', 'browser', 'os', 'variant'));
    `);
  },
  async down(knex) {
    await knex.raw(`
      delete from analytics.dimension_daily where dimension = 'variant';
      alter table analytics.dimension_daily drop constraint dimension_daily_dimension_check,
        add constraint dimension_daily_dimension_check check (dimension in ('referrer', 'country', 'city', 'device', 'browser', 'os'));
      alter table analytics.clicks drop column variant;
    `);
  },
};

import type { Migration } from '../../src/shared/db/migrations';

/**
 * A click's city, from the geolocation database when it has cities (GEOIP_DB);
 * set only together with the country it belongs to. The rollups count it as
 * the dimension `city`, keyed by country and city (`DE/Berlin`): a city name
 * alone is no key (Paris, France and Paris, Texas).
 *
 * Adding a nullable column without default changes only the catalogue, on
 * every day partition at once.
 */
export const clickCity: Migration = {
  name: '004_click_city',
  async up(knex) {
    await knex.raw(`
      alter table analytics.clicks add column city text;
      alter table analytics.dimension_daily drop constraint dimension_daily_dimension_check,
        add constraint dimension_daily_dimension_check check (dimension in ('referrer', 'country', 'city', 'device', 'browser', 'os'));
    `);
  },
  async down(knex) {
    await knex.raw(`
      delete from analytics.dimension_daily where dimension = 'city';
      alter table analytics.dimension_daily drop constraint dimension_daily_dimension_check,
        add constraint dimension_daily_dimension_check check (dimension in ('referrer', 'country', 'device', 'browser', 'os'));
      alter table analytics.clicks drop column city;
    `);
  },
};

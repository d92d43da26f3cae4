import type { Migration } from '../../src/shared/db/migrations';

/**
 * Raw clicks, natively partitioned by UTC day. Partitions are created ahead by
 * the hourly analytics.maintain task (and by a flush that finds one missing),
 * and dropped whole once older than the retention: no DELETE on raw clicks.
 */
export const clicks: Migration = {
  name: '001_clicks',
  async up(knex) {
    await knex.raw(`
      create table analytics.clicks (
        clicked_at timestamptz not null,
        link_id uuid not null,
        workspace_id uuid not null,
        -- The flush that wrote the click: the rollup reads a pending batch's clicks by it.
        batch_id bigint not null,
        -- Salted hash of IP and user agent; the salt changes every UTC day and is then forgotten.
        visitor bigint not null,
        is_bot boolean not null,
        -- null: no (or an unparseable) Referer.
        referrer_host text,
        -- ISO 3166 alpha-2 from the trusted header; null: unknown.
        country text,
        device text not null,
        browser text not null,
        os text not null
      ) partition by range (clicked_at);
      -- The rollup job's only read (see docs/ARCHITECTURE.md for the plan).
      create index clicks_batch_idx on analytics.clicks (batch_id);

      -- The days whose salt may still be used; a day's salt is deleted the next day.
      create table analytics.visitor_salts (
        day date primary key,
        salt bytea not null
      );
    `);
  },
  async down(knex) {
    await knex.raw('drop table analytics.visitor_salts; drop table analytics.clicks;');
  },
};

import type { Migration } from '../../src/shared/db/migrations';

/**
 * Rollups kept incrementally by the analytics.rollup task, one flush at a time:
 * per link per hour and per day (clicks, unique visitors, bots), per workspace
 * likewise, and per link per day per dimension value. Stats read only these.
 */
export const rollups: Migration = {
  name: '002_rollups',
  async up(knex) {
    await knex.raw(`
      create table analytics.link_hourly (
        link_id uuid not null,
        hour timestamptz not null,
        workspace_id uuid not null,
        clicks integer not null,
        uniques integer not null,
        bots integer not null,
        primary key (link_id, hour)
      );
      -- Top links over ranges that are not whole days.
      create index link_hourly_workspace_idx on analytics.link_hourly (workspace_id, hour);

      create table analytics.link_daily (
        link_id uuid not null,
        day date not null,
        workspace_id uuid not null,
        clicks integer not null,
        uniques integer not null,
        bots integer not null,
        primary key (link_id, day)
      );
      -- Top links: the workspace's rows for a range of days, summed per link.
      create index link_daily_workspace_idx on analytics.link_daily (workspace_id, day) include (link_id, clicks);

      -- Top links over long ranges: a whole UTC week (Monday to Monday) of a
      -- link's human clicks in one row, a seventh of the rows to add up.
      create table analytics.link_weekly (
        link_id uuid not null,
        week date not null,
        workspace_id uuid not null,
        clicks integer not null,
        primary key (link_id, week)
      );
      create index link_weekly_workspace_idx on analytics.link_weekly (workspace_id, week) include (link_id, clicks);

      create table analytics.workspace_hourly (
        workspace_id uuid not null,
        hour timestamptz not null,
        clicks integer not null,
        uniques integer not null,
        bots integer not null,
        primary key (workspace_id, hour)
      );

      create table analytics.workspace_daily (
        workspace_id uuid not null,
        day date not null,
        clicks integer not null,
        uniques integer not null,
        bots integer not null,
        primary key (workspace_id, day)
      );

      create table analytics.dimension_daily (
        link_id uuid not null,
        dimension text not null check (dimension in ('referrer', 'country', 'device', 'browser', 'os')),
        day date not null,
        value text not null,
        clicks integer not null,
        primary key (link_id, dimension, day, value)
      );

      -- Who was already counted: a visitor is unique once per link per hour and per
      -- day (and per workspace per day). Kept two days, while late flushes can arrive.
      create table analytics.visitors_hourly (
        link_id uuid not null,
        hour timestamptz not null,
        visitor bigint not null,
        primary key (link_id, hour, visitor)
      );
      create table analytics.visitors_daily (
        link_id uuid not null,
        day date not null,
        visitor bigint not null,
        primary key (link_id, day, visitor)
      );
      create table analytics.workspace_visitors (
        workspace_id uuid not null,
        hour timestamptz not null,
        visitor bigint not null,
        primary key (workspace_id, hour, visitor)
      );
      create table analytics.workspace_visitors_daily (
        workspace_id uuid not null,
        day date not null,
        visitor bigint not null,
        primary key (workspace_id, day, visitor)
      );

      -- Flushes written but not rolled up yet: a flush adds its row in its own
      -- transaction, the rollup deletes the rows it takes in its own. So every
      -- committed batch is rolled up exactly once, whatever order flushes commit in.
      create table analytics.pending_batches (
        batch_id bigint primary key,
        first_click timestamptz not null,
        last_click timestamptz not null
      );

      -- Links deleted (from link.deleted): their stats are gone and late clicks are not rolled up.
      create table analytics.deleted_links (
        link_id uuid primary key,
        deleted_at timestamptz not null default now()
      );
    `);
  },
  async down(knex) {
    await knex.raw(`
      drop table analytics.deleted_links, analytics.pending_batches, analytics.workspace_visitors_daily,
        analytics.workspace_visitors, analytics.visitors_daily, analytics.visitors_hourly, analytics.dimension_daily,
        analytics.workspace_daily, analytics.workspace_hourly, analytics.link_weekly, analytics.link_daily, analytics.link_hourly;
    `);
  },
};

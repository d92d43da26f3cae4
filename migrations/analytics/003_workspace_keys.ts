import type { Migration } from '../../src/shared/db/migrations';

/**
 * Every analytics table that holds a workspace's data carries `workspace_id`
 * and leads its key with it: what moving a workspace between shards copies by
 * (`workspace:move`), and what a distributed PostgreSQL (Citus) distributes by,
 * which enforces keys only within a shard (docs/SCALING.md#shards).
 *
 * The four tables keyed by link alone get the column, filled from the link's
 * own rollups (every rolled-up link has link_daily rows) or, for deleted links
 * (whose rollups are gone), from their raw clicks; a row whose workspace is
 * nowhere left belongs to a link with neither, which nothing reads, and goes.
 */
export const workspaceKeys: Migration = {
  name: '003_workspace_keys',
  async up(knex) {
    await knex.raw(`
      create temporary table link_workspaces on commit drop as
        select distinct link_id, workspace_id from analytics.link_daily
        union
        select distinct link_id, workspace_id from analytics.clicks;
      create index on link_workspaces (link_id);
    `);
    for (const table of ['dimension_daily', 'visitors_hourly', 'visitors_daily', 'deleted_links']) {
      await knex.raw(`alter table analytics.${table} add column workspace_id uuid`);
      await knex.raw(`update analytics.${table} t set workspace_id = w.workspace_id from link_workspaces w where w.link_id = t.link_id`);
      await knex.raw(`delete from analytics.${table} where workspace_id is null`);
      await knex.raw(`alter table analytics.${table} alter column workspace_id set not null`);
    }
    await knex.raw(`
      alter table analytics.link_hourly drop constraint link_hourly_pkey, add primary key (workspace_id, link_id, hour);
      alter table analytics.link_daily drop constraint link_daily_pkey, add primary key (workspace_id, link_id, day);
      alter table analytics.link_weekly drop constraint link_weekly_pkey, add primary key (workspace_id, link_id, week);
      alter table analytics.dimension_daily drop constraint dimension_daily_pkey, add primary key (workspace_id, link_id, dimension, day, value);
      alter table analytics.visitors_hourly drop constraint visitors_hourly_pkey, add primary key (workspace_id, link_id, hour, visitor);
      alter table analytics.visitors_daily drop constraint visitors_daily_pkey, add primary key (workspace_id, link_id, day, visitor);
      alter table analytics.deleted_links drop constraint deleted_links_pkey, add primary key (workspace_id, link_id);
    `);
  },
  async down(knex) {
    await knex.raw(`
      alter table analytics.link_hourly drop constraint link_hourly_pkey, add primary key (link_id, hour);
      alter table analytics.link_daily drop constraint link_daily_pkey, add primary key (link_id, day);
      alter table analytics.link_weekly drop constraint link_weekly_pkey, add primary key (link_id, week);
      alter table analytics.dimension_daily drop constraint dimension_daily_pkey, add primary key (link_id, dimension, day, value);
      alter table analytics.visitors_hourly drop constraint visitors_hourly_pkey, add primary key (link_id, hour, visitor);
      alter table analytics.visitors_daily drop constraint visitors_daily_pkey, add primary key (link_id, day, visitor);
      alter table analytics.deleted_links drop constraint deleted_links_pkey, add primary key (link_id);
    `);
    for (const table of ['dimension_daily', 'visitors_hourly', 'visitors_daily', 'deleted_links']) {
      await knex.raw(`alter table analytics.${table} drop column workspace_id`);
    }
  },
};

import type { Knex } from 'knex';
import { z } from 'zod';
import { defineTask } from '../../shared/jobs';

/**
 * The incremental rollup of one flush (batch) of raw clicks into the hourly,
 * daily, per-workspace and per-dimension tables, in one statement and one
 * transaction. Idempotent: the batch id is claimed in analytics.rolled_up_batches
 * in the same transaction, so a redelivered job changes nothing. Unique visitors
 * are counted by inserting the batch's (link, hour, visitor) triples into the
 * visitors tables: a triple that is new is a new unique. Rollup jobs run in one
 * named queue, one at a time, so two of them never race on the same rows.
 */
export const rollupPayload = z.object({
  batchId: z.string().regex(/^\d{1,19}$/),
  /** The batch's earliest and latest click: lets PostgreSQL skip the other day partitions. */
  from: z.iso.datetime(),
  to: z.iso.datetime(),
});

export async function rollUpBatch(db: Knex, batch: z.infer<typeof rollupPayload>): Promise<{ clicks: number } | 'already'> {
  return db.transaction(async (trx) => {
    const claimed = await trx.raw('insert into analytics.rolled_up_batches (batch_id) values (?) on conflict do nothing', [batch.batchId]);
    if ((claimed as { rowCount: number }).rowCount === 0) return 'already' as const;
    const { rows } = await trx.raw<{ rows: { clicks: number }[] }>(ROLLUP, [batch.batchId, batch.from, batch.to]);
    return { clicks: rows[0].clicks };
  });
}

export type RollupTask = ReturnType<typeof rollupTask>;

export function rollupTask(db: Knex) {
  return defineTask({
    name: 'analytics.rollup',
    payload: rollupPayload,
    async run(batch) {
      await rollUpBatch(db, batch);
    },
  });
}

// Each insert orders its rows by key, so concurrent writers of the same rows
// (a link.deleted handler) take row locks in one order.
const ROLLUP = `
with batch as materialized (
  select c.link_id, c.workspace_id, c.visitor, c.is_bot,
         date_trunc('hour', c.clicked_at, 'UTC') as hour,
         (c.clicked_at at time zone 'UTC')::date as day,
         coalesce(c.referrer_host, '(direct)') as referrer, coalesce(c.country, 'unknown') as country, c.device, c.browser, c.os
  from analytics.clicks c
  where c.batch_id = ? and c.clicked_at between ?::timestamptz and ?::timestamptz
    and not exists (select 1 from analytics.deleted_links d where d.link_id = c.link_id)
),
humans as (select * from batch where not is_bot),
new_link_hour as (
  insert into analytics.visitors_hourly (link_id, hour, visitor)
  select distinct link_id, hour, visitor from humans order by 1, 2, 3
  on conflict do nothing returning link_id, hour
),
new_link_day as (
  insert into analytics.visitors_daily (link_id, day, visitor)
  select distinct link_id, day, visitor from humans order by 1, 2, 3
  on conflict do nothing returning link_id, day
),
new_workspace_hour as (
  insert into analytics.workspace_visitors (workspace_id, hour, visitor)
  select distinct workspace_id, hour, visitor from humans order by 1, 2, 3
  on conflict do nothing returning workspace_id, hour
),
new_workspace_day as (
  insert into analytics.workspace_visitors_daily (workspace_id, day, visitor)
  select distinct workspace_id, day, visitor from humans order by 1, 2, 3
  on conflict do nothing returning workspace_id, day
),
link_hour as (
  insert into analytics.link_hourly as r (link_id, hour, workspace_id, clicks, uniques, bots)
  select b.link_id, b.hour, b.workspace_id, count(*) filter (where not b.is_bot), coalesce(u.n, 0), count(*) filter (where b.is_bot)
  from batch b left join (select link_id, hour, count(*) as n from new_link_hour group by 1, 2) u using (link_id, hour)
  group by b.link_id, b.hour, b.workspace_id, u.n order by 1, 2
  on conflict (link_id, hour) do update
    set clicks = r.clicks + excluded.clicks, uniques = r.uniques + excluded.uniques, bots = r.bots + excluded.bots
),
link_day as (
  insert into analytics.link_daily as r (link_id, day, workspace_id, clicks, uniques, bots)
  select b.link_id, b.day, b.workspace_id, count(*) filter (where not b.is_bot), coalesce(u.n, 0), count(*) filter (where b.is_bot)
  from batch b left join (select link_id, day, count(*) as n from new_link_day group by 1, 2) u using (link_id, day)
  group by b.link_id, b.day, b.workspace_id, u.n order by 1, 2
  on conflict (link_id, day) do update
    set clicks = r.clicks + excluded.clicks, uniques = r.uniques + excluded.uniques, bots = r.bots + excluded.bots
),
workspace_hour as (
  insert into analytics.workspace_hourly as r (workspace_id, hour, clicks, uniques, bots)
  select b.workspace_id, b.hour, count(*) filter (where not b.is_bot), coalesce(u.n, 0), count(*) filter (where b.is_bot)
  from batch b left join (select workspace_id, hour, count(*) as n from new_workspace_hour group by 1, 2) u using (workspace_id, hour)
  group by b.workspace_id, b.hour, u.n order by 1, 2
  on conflict (workspace_id, hour) do update
    set clicks = r.clicks + excluded.clicks, uniques = r.uniques + excluded.uniques, bots = r.bots + excluded.bots
),
workspace_day as (
  insert into analytics.workspace_daily as r (workspace_id, day, clicks, uniques, bots)
  select b.workspace_id, b.day, count(*) filter (where not b.is_bot), coalesce(u.n, 0), count(*) filter (where b.is_bot)
  from batch b left join (select workspace_id, day, count(*) as n from new_workspace_day group by 1, 2) u using (workspace_id, day)
  group by b.workspace_id, b.day, u.n order by 1, 2
  on conflict (workspace_id, day) do update
    set clicks = r.clicks + excluded.clicks, uniques = r.uniques + excluded.uniques, bots = r.bots + excluded.bots
),
dimensions as (
  insert into analytics.dimension_daily as r (link_id, dimension, day, value, clicks)
  select h.link_id, d.dimension, h.day, d.value, count(*)
  from humans h
  cross join lateral (values ('referrer', h.referrer), ('country', h.country), ('device', h.device), ('browser', h.browser), ('os', h.os)) as d(dimension, value)
  group by 1, 2, 3, 4 order by 1, 2, 3, 4
  on conflict (link_id, dimension, day, value) do update set clicks = r.clicks + excluded.clicks
)
select count(*)::int as clicks from batch`;

import type { Knex } from 'knex';
import { z } from 'zod';
import { defineTask, enqueue } from '../../../shared/jobs';

/**
 * The incremental rollup of raw clicks into the hourly, daily, per-workspace and
 * per-dimension tables. A flush records its batch in analytics.pending_batches
 * and (re)schedules the one rollup job (job key `analytics.rollup`, a moment
 * ahead, so flushes gather); the job takes pending batches, about
 * CLICKS_PER_PASS clicks' worth at a time, and rolls them up in one statement in the same
 * transaction that deletes them. So each committed batch is rolled up exactly
 * once: a job delivered twice finds nothing pending. Unique visitors are counted
 * by inserting (link, hour, visitor) triples into the visitors tables: a triple
 * that is new is a new unique. Each pass first takes a transaction-scoped
 * advisory lock, so passes run one at a time (two never race on the same
 * rollup rows) however many workers there are; and a worker that dies mid-pass
 * releases it with its connection. (A graphile-worker named queue would
 * serialise too, but a worker killed mid-job keeps the queue locked for four
 * hours, and with its local queue 0.17 does not keep named queues serial.)
 */
const ROLLUP_DELAY_MS = 1000;
/** About this many clicks per pass (batches hold up to CLICKS_FLUSH_SIZE each): seconds of work at most. */
const CLICKS_PER_PASS = 20_000;

export async function rollUpPending(db: Knex, flushSize: number): Promise<{ batches: number; clicks: number }> {
  const batchesPerPass = Math.max(1, Math.floor(CLICKS_PER_PASS / flushSize));
  const total = { batches: 0, clicks: 0 };
  for (;;) {
    const pass = await db.transaction(async (trx) => {
      // A pass is background work bounded by CLICKS_PER_PASS; the request-sized default timeout could fail it forever.
      await trx.raw("set local statement_timeout = '120s'");
      // The planner cannot estimate the CTEs' row counts and would join them with
      // nested loops, quadratic in the pass size (seconds for 10k clicks); hash
      // joins keep a pass linear (see docs/architecture/analytics-storage.md, "Rollups").
      await trx.raw('set local enable_nestloop = off');
      // One pass at a time across all workers; released at commit, or when a dead worker's connection goes.
      await trx.raw("select pg_advisory_xact_lock(hashtext('analytics.rollup'))");
      const { rows } = await trx.raw<{ rows: { batches: number; clicks: number }[] }>(ROLLUP, [batchesPerPass]);
      return rows[0];
    });
    total.batches += pass.batches;
    total.clicks += pass.clicks;
    if (pass.batches < batchesPerPass) return total;
  }
}

/** Called in the flush's transaction: the batch waits for the rollup job, which is due shortly. */
export async function scheduleRollup(trx: Knex.Transaction, task: RollupTask, batch: { batchId: string; first: Date; last: Date }): Promise<void> {
  await trx.raw('insert into analytics.pending_batches (batch_id, first_click, last_click) values (?, ?, ?)', [
    batch.batchId,
    batch.first,
    batch.last,
  ]);
  // preserve_run_at: a pending job keeps its time, so a stream of flushes cannot postpone it forever.
  await enqueue(trx, task, {}, { jobKey: task.name, jobKeyMode: 'preserve_run_at', runAt: new Date(Date.now() + ROLLUP_DELAY_MS) });
}

export type RollupTask = ReturnType<typeof rollupTask>;

export function rollupTask(db: Knex, flushSize: number) {
  return defineTask({
    name: 'analytics.rollup',
    payload: z.object({}),
    async run() {
      await rollUpPending(db, flushSize);
    },
  });
}

// Each insert orders its rows by key, so concurrent writers of the same rows
// (a link.deleted handler) take row locks in one order. Exported for the test of its plan.
export const ROLLUP = `
with taken as (
  delete from analytics.pending_batches
  where batch_id in (select batch_id from analytics.pending_batches order by batch_id limit ? for update skip locked)
  returning batch_id, first_click, last_click
),
batch as materialized (
  select c.link_id, c.workspace_id, c.visitor, c.is_bot,
         date_trunc('hour', c.clicked_at, 'UTC') as hour,
         (c.clicked_at at time zone 'UTC')::date as day,
         date_trunc('week', c.clicked_at, 'UTC')::date as week,
         coalesce(c.referrer_host, '(direct)') as referrer, coalesce(c.country, 'unknown') as country,
         -- A city is known only with its country, and counted under both (DE/Berlin): names repeat across countries.
         coalesce(c.country || '/' || c.city, 'unknown') as city, c.device, c.browser, c.os, c.variant
  from analytics.clicks c
  -- Through the batch_id index: a join with taken would be a hash join here (nested loops are off),
  -- which reads the whole day's partition on every pass.
  where c.batch_id = any(array(select batch_id from taken))
    -- The overall time span lets PostgreSQL skip the day partitions no batch touches.
    and c.clicked_at between (select min(first_click) from taken) and (select max(last_click) from taken)
    and not exists (select 1 from analytics.deleted_links d where d.workspace_id = c.workspace_id and d.link_id = c.link_id)
),
humans as (select * from batch where not is_bot),
new_link_hour as (
  insert into analytics.visitors_hourly (workspace_id, link_id, hour, visitor)
  select distinct workspace_id, link_id, hour, visitor from humans order by 1, 2, 3, 4
  on conflict do nothing returning link_id, hour
),
new_link_day as (
  insert into analytics.visitors_daily (workspace_id, link_id, day, visitor)
  select distinct workspace_id, link_id, day, visitor from humans order by 1, 2, 3, 4
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
  group by b.link_id, b.hour, b.workspace_id, u.n order by 3, 1, 2
  on conflict (workspace_id, link_id, hour) do update
    set clicks = r.clicks + excluded.clicks, uniques = r.uniques + excluded.uniques, bots = r.bots + excluded.bots
),
link_day as (
  insert into analytics.link_daily as r (link_id, day, workspace_id, clicks, uniques, bots)
  select b.link_id, b.day, b.workspace_id, count(*) filter (where not b.is_bot), coalesce(u.n, 0), count(*) filter (where b.is_bot)
  from batch b left join (select link_id, day, count(*) as n from new_link_day group by 1, 2) u using (link_id, day)
  group by b.link_id, b.day, b.workspace_id, u.n order by 3, 1, 2
  on conflict (workspace_id, link_id, day) do update
    set clicks = r.clicks + excluded.clicks, uniques = r.uniques + excluded.uniques, bots = r.bots + excluded.bots
),
link_week as (
  insert into analytics.link_weekly as r (link_id, week, workspace_id, clicks)
  select link_id, week, workspace_id, count(*) from humans group by 1, 2, 3 order by 3, 1, 2
  on conflict (workspace_id, link_id, week) do update set clicks = r.clicks + excluded.clicks
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
  insert into analytics.dimension_daily as r (workspace_id, link_id, dimension, day, value, clicks)
  select h.workspace_id, h.link_id, d.dimension, h.day, d.value, count(*)
  from humans h
  cross join lateral (values ('referrer', h.referrer), ('country', h.country), ('city', h.city), ('device', h.device), ('browser', h.browser), ('os', h.os), ('variant', h.variant)) as d(dimension, value)
  -- Only links with an A/B split have variants: no row for the others.
  where d.value is not null
  group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
  on conflict (workspace_id, link_id, dimension, day, value) do update set clicks = r.clicks + excluded.clicks
)
select (select count(*)::int from taken) as batches, (select count(*)::int from batch) as clicks`;

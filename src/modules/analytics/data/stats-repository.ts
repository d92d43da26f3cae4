import type { Knex } from 'knex';
import type { Range } from '../range';
import type { Dimension } from '../http/schemas';

/** SQL on the rollup tables of schema `analytics` only; never on raw clicks. */

export interface Bucket {
  t: Date;
  clicks: number;
  uniques: number;
  bots: number;
}

/** Whose rollups: one link's, or a workspace's. */
/** A workspace's totals, or one of its links' (tables are keyed by workspace first). */
export type Subject = { workspace: string; link?: string };

export class StatsRepository {
  constructor(readonly db: Knex) {}

  /**
   * The zero-filled series over an aligned range. Hour buckets and UTC days read
   * their own rollup table; days in another zone sum that zone's hours (at most
   * 24 rows per bucket, still no raw clicks).
   */
  async series(subject: Subject, range: Range): Promise<Bucket[]> {
    const link = subject.link;
    const [key, ids] =
      link === undefined ? ['workspace_id = ?', [subject.workspace]] : ['workspace_id = ? and link_id = ?', [subject.workspace, link]];
    const prefix = link === undefined ? 'workspace' : 'link';
    const step = `1 ${range.interval}`;
    const alignTz = range.interval === 'day' ? range.tz : 'UTC';
    let source: string;
    let bindings: unknown[];
    if (range.interval === 'hour') {
      source = `select hour as t, clicks, uniques, bots from analytics.${prefix}_hourly where ${key} and hour >= ? and hour < ?`;
      bindings = [...ids, range.from, range.to];
    } else if (range.tz === 'UTC') {
      source = `select (day::timestamp at time zone 'UTC') as t, clicks, uniques, bots from analytics.${prefix}_daily where ${key} and day >= (?::timestamptz at time zone 'UTC')::date and day < (?::timestamptz at time zone 'UTC')::date`;
      bindings = [...ids, range.from, range.to];
    } else {
      source = `select date_trunc('day', hour, ?) as t, sum(clicks)::int as clicks, sum(uniques)::int as uniques, sum(bots)::int as bots
                from analytics.${prefix}_hourly where ${key} and hour >= ? and hour < ? group by 1`;
      bindings = [range.tz, ...ids, range.from, range.to];
    }
    const { rows } = await this.db.raw<{ rows: Bucket[] }>(
      `select s.t, coalesce(r.clicks, 0)::int as clicks, coalesce(r.uniques, 0)::int as uniques, coalesce(r.bots, 0)::int as bots
       from generate_series(?::timestamptz, ?::timestamptz, ?::interval, ?) as s(t)
       left join (${source}) r on r.t = s.t
       where s.t < ?
       order by s.t`,
      [range.from, range.to, step, alignTz, ...bindings, range.to] as Knex.Value[],
    );
    return rows;
  }

  /** Clicks per value of one dimension over whole UTC days [fromDay, toDay), most first: of one link, or (linkId null) of the whole workspace. */
  async breakdown(
    workspaceId: string,
    linkId: string | null,
    by: Dimension,
    fromDay: string,
    toDay: string,
    limit: number,
  ): Promise<{ value: string; clicks: number }[]> {
    const { rows } = await this.db.raw<{ rows: { value: string; clicks: number }[] }>(
      `select value, sum(clicks)::int as clicks from analytics.dimension_daily
       where workspace_id = ? ${linkId === null ? '' : 'and link_id = ?'} and dimension = ? and day >= ?::date and day < ?::date
       group by value order by clicks desc, value limit ?`,
      [workspaceId, ...(linkId === null ? [] : [linkId]), by, fromDay, toDay, limit],
    );
    return rows;
  }

  /**
   * The workspace's most clicked links over [from, to), adding up the coarsest
   * rollups that tile the range: whole UTC weeks from link_weekly, the whole
   * days around them from link_daily, the partial days at the edges from
   * link_hourly — each piece its own index range. Ninety days of a thousand
   * links are then about 13,000 weekly and 12,000 daily rows, not 90,000.
   */
  async topLinks(workspaceId: string, from: Date, to: Date, limit: number): Promise<{ linkId: string; clicks: number }[]> {
    const t = tiles(from, to);
    const { rows } = await this.db.raw<{ rows: { linkId: string; clicks: number }[] }>(
      `select link_id as "linkId", sum(clicks)::int as clicks from (
         select link_id, clicks from analytics.link_hourly where workspace_id = ? and hour >= ? and hour < ?
         union all
         select link_id, clicks from analytics.link_daily where workspace_id = ? and day >= ?::date and day < ?::date
         union all
         select link_id, clicks from analytics.link_weekly where workspace_id = ? and week >= ?::date and week < ?::date
         union all
         select link_id, clicks from analytics.link_daily where workspace_id = ? and day >= ?::date and day < ?::date
         union all
         select link_id, clicks from analytics.link_hourly where workspace_id = ? and hour >= ? and hour < ?
       ) x
       group by link_id having sum(clicks) > 0 order by clicks desc, link_id limit ?`,
      [
        ...[workspaceId, from, t.leadingHoursEnd],
        ...[workspaceId, day(t.firstDay), day(t.firstWeek)],
        ...[workspaceId, day(t.firstWeek), day(t.endWeek)],
        ...[workspaceId, day(t.endWeek), day(t.endDay)],
        ...[workspaceId, t.trailingHoursStart, to],
        limit,
      ],
    );
    return rows;
  }

  /** A deleted link's rollups go, and its clicks still in flight will not be rolled up. */
  async forgetLink(trx: Knex.Transaction, workspaceId: string, linkId: string): Promise<void> {
    await trx.raw('insert into analytics.deleted_links (workspace_id, link_id) values (?, ?) on conflict do nothing', [workspaceId, linkId]);
    for (const table of ['link_hourly', 'link_daily', 'link_weekly', 'dimension_daily', 'visitors_hourly', 'visitors_daily']) {
      await trx.raw(`delete from analytics.${table} where workspace_id = ? and link_id = ?`, [workspaceId, linkId]);
    }
  }
}

const DAY_MS = 86_400_000;

/**
 * How [from, to) splits into hours, days and weeks: [from, firstDay) hours,
 * [firstDay, firstWeek) days, [firstWeek, endWeek) weeks, [endWeek, endDay)
 * days, [endDay, to) hours. Any piece may be empty; together they cover the
 * range exactly once.
 */
function tiles(from: Date, to: Date) {
  const dayOf = (ms: number) => Math.floor(ms / DAY_MS);
  // The first UTC midnight at or after `from`, the last at or before `to`.
  const firstDay = Math.ceil(from.getTime() / DAY_MS);
  const endDay = dayOf(to.getTime());
  // Day 0 (1970-01-01) was a Thursday: day d is a Monday when (d + 3) % 7 is 0.
  const mondayAtOrAfter = (d: number) => d + ((7 - ((d + 3) % 7)) % 7);
  const mondayAtOrBefore = (d: number) => d - ((d + 3) % 7);
  let firstWeek = mondayAtOrAfter(firstDay);
  let endWeek = mondayAtOrBefore(endDay);
  if (firstDay > endDay) [firstWeek, endWeek] = [endDay, endDay];
  else if (firstWeek >= endWeek) [firstWeek, endWeek] = [endDay, endDay];
  const date = (d: number) => new Date(d * DAY_MS);
  return {
    firstDay: date(firstDay),
    firstWeek: date(firstWeek),
    endWeek: date(endWeek),
    endDay: date(endDay),
    leadingHoursEnd: new Date(Math.min(firstDay * DAY_MS, to.getTime())),
    trailingHoursStart: new Date(Math.max(endDay * DAY_MS, firstDay * DAY_MS)),
  };
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

import type { Knex } from 'knex';

/**
 * Daily partitions of analytics.clicks: `clicks_YYYYMMDD` holds one UTC day.
 * Created ahead of time (so a flush never waits on DDL), dropped whole when
 * older than the retention — dropping a partition is instant and leaves no
 * dead rows, where a DELETE of millions of rows would not be.
 */
const DAY_MS = 86_400_000;
const PARTITIONS_AHEAD_DAYS = 7;

/** The last day utcDay formatted, [start, end) in ms: a flush's clicks are nearly all of one day. */
let lastDay = { start: 0, end: 0, text: '' };

export function utcDay(ms: number): string {
  if (ms >= lastDay.start && ms < lastDay.end) return lastDay.text;
  const text = new Date(ms).toISOString().slice(0, 10);
  const start = Math.floor(ms / DAY_MS) * DAY_MS;
  lastDay = { start, end: start + DAY_MS, text };
  return text;
}

function partitionName(day: string): string {
  return `clicks_${day.replaceAll('-', '')}`;
}

/** Creates the partitions of the given UTC days that do not exist yet. */
export async function ensurePartitions(db: Knex, days: Iterable<string>): Promise<void> {
  for (const day of new Set(days)) {
    // DDL takes no bind parameters: the bounds are inlined, so the day must be what utcDay makes.
    if (!/^\d{4}-\d\d-\d\d$/.test(day)) throw new Error(`not a UTC day: ${day}`);
    const next = utcDay(Date.parse(`${day}T00:00:00Z`) + DAY_MS);
    // Concurrent creators (two processes) serialise on the lock; the loser finds the table there.
    await db.transaction(async (trx) => {
      await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`analytics:partition:${day}`]);
      await trx.raw(
        `create table if not exists analytics.?? partition of analytics.clicks for values from ('${day}T00:00:00Z') to ('${next}T00:00:00Z')`,
        [partitionName(day)],
      );
    });
  }
}

/** Yesterday (for late clicks), today and the next PARTITIONS_AHEAD_DAYS days. */
export function daysAround(now: number): string[] {
  return Array.from({ length: PARTITIONS_AHEAD_DAYS + 2 }, (_, i) => utcDay(now + (i - 1) * DAY_MS));
}

/** Drops the partitions whose whole day is older than `retentionDays`; returns their names. */
export async function dropExpiredPartitions(db: Knex, retentionDays: number, now: number): Promise<string[]> {
  const oldestKept = partitionName(utcDay(now - retentionDays * DAY_MS));
  const { rows } = await db.raw<{ rows: { name: string }[] }>(
    `select c.relname as name from pg_inherits i
       join pg_class c on c.oid = i.inhrelid
       join pg_class p on p.oid = i.inhparent
       join pg_namespace n on n.oid = p.relnamespace
     where n.nspname = 'analytics' and p.relname = 'clicks'`,
  );
  // Names sort as dates (clicks_YYYYMMDD).
  const expired = rows.map((r) => r.name).filter((name) => /^clicks_\d{8}$/.test(name) && name < oldestKept);
  for (const name of expired) await db.raw('drop table analytics.??', [name]);
  return expired.sort();
}

/** True for PostgreSQL's "no partition of relation ... found for row". */
export function isMissingPartition(error: unknown): boolean {
  return (error as { code?: string }).code === '23514' && /no partition/.test((error as Error).message);
}

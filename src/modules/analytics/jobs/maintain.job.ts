import type { Knex } from 'knex';
import { z } from 'zod';
import { defineTask } from '../../../shared/jobs';
import type { Logger } from '../../../shared/logging';
import { daysAround, dropExpiredPartitions, ensurePartitions } from '../data/partitions';
import { forgetOldSalts } from '../visitor-hash';

/** How long the "already counted" visitor sets are kept: past any late flush. */
const BOOKKEEPING_DAYS = 2;

/**
 * The module's recurring upkeep, hourly: daily partitions of raw clicks a week
 * ahead, expired partitions dropped, yesterday's visitor salts forgotten, and
 * the rollup's "already counted" visitor sets trimmed.
 */
export function maintenanceTask(db: Knex, retentionDays: number, logger: Logger) {
  return defineTask({
    name: 'analytics.maintain',
    payload: z.object({}),
    schedule: '7 * * * *',
    async run() {
      const now = Date.now();
      await ensurePartitions(db, daysAround(now));
      const dropped = await dropExpiredPartitions(db, retentionDays, now);
      if (dropped.length > 0) logger.info('dropped expired click partitions', { partitions: dropped });
      await forgetOldSalts(db);
      await db.raw(`delete from analytics.visitors_hourly where hour < now() - make_interval(days => ?)`, [BOOKKEEPING_DAYS]);
      await db.raw(`delete from analytics.visitors_daily where day < (now() at time zone 'UTC')::date - ?::int`, [BOOKKEEPING_DAYS]);
      await db.raw(`delete from analytics.workspace_visitors where hour < now() - make_interval(days => ?)`, [BOOKKEEPING_DAYS]);
      await db.raw(`delete from analytics.workspace_visitors_daily where day < (now() at time zone 'UTC')::date - ?::int`, [BOOKKEEPING_DAYS]);
    },
  });
}

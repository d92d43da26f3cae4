import { defineSettings, integer, variable } from '../../shared/config';

export const analyticsSettings = defineSettings({
  title: 'Analytics: clicks and stats',
  variables: {
    CLICKS_FLUSH_INTERVAL_MS: variable(integer(50, 60_000), {
      default: '1000',
      doc: 'Clicks are collected in memory and written at least this often...',
    }),
    CLICKS_FLUSH_SIZE: variable(integer(1, 50_000), {
      default: '1000',
      doc: '...or as soon as this many wait (not above `CLICKS_BUFFER_MAX`); also the most clicks one `INSERT` writes.',
    }),
    CLICKS_BUFFER_MAX: variable(integer(100, 10_000_000), {
      default: '100000',
      doc: 'Most clicks held in memory while the database does not take them; beyond it the oldest 1% are dropped and counted in `shortline_clicks_dropped_total{reason="buffer_full"}`.',
    }),
    CLICKS_RETENTION_DAYS: variable(integer(1, 3650), {
      default: '90',
      doc: 'Days raw clicks are kept; older daily partitions are dropped whole. The rollups the stats read are kept.',
    }),
    STATS_MAX_RANGE_DAYS: variable(integer(1, 3660), {
      default: '366',
      doc: 'Longest range a stats request may ask for, in days. Hourly series are limited to 31 days regardless.',
    }),
    STATS_CACHE_TTL_S: variable(integer(0, 3600), {
      default: '10',
      doc: 'Seconds a stats answer stays cached in the process, plus up to 10% (0 turns the stats cache off, as does `CACHE_ENABLED=off`).',
    }),
  },
  check: (e) =>
    e.CLICKS_FLUSH_SIZE > e.CLICKS_BUFFER_MAX
      ? [`CLICKS_FLUSH_SIZE: must not exceed CLICKS_BUFFER_MAX (${e.CLICKS_BUFFER_MAX}) (got ${e.CLICKS_FLUSH_SIZE})`]
      : [],
  build: (e) => ({
    /** The click buffer is written at least this often... */
    flushIntervalMs: e.CLICKS_FLUSH_INTERVAL_MS,
    /** ...or as soon as it holds this many clicks. */
    flushSize: e.CLICKS_FLUSH_SIZE,
    /** Clicks held while the database cannot take them; beyond, the oldest are dropped. */
    bufferMax: e.CLICKS_BUFFER_MAX,
    /** Raw clicks are kept this many days (whole daily partitions are dropped); rollups stay. */
    retentionDays: e.CLICKS_RETENTION_DAYS,
    maxRangeDays: e.STATS_MAX_RANGE_DAYS,
    cacheTtlSeconds: e.STATS_CACHE_TTL_S,
  }),
});

export type AnalyticsSettings = ReturnType<typeof analyticsSettings.read>;

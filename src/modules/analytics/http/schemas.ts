import { z } from 'zod';
import { exportFormatQuery } from '../../../shared/http/export';
import { queryNumber, text } from '../../../shared/http/validate';

/** Query schemas of the stats endpoints. Range rules beyond shape and bounds (order, length) are checked in range.ts. */

/**
 * The instants a range may name: PostgreSQL has no year 0, and no click
 * predates 1970. Alignment moves `to` forward by up to a day and a zone's
 * offset, and a range's days are written with four-digit years (ISO 8601,
 * the day rollups' look-ups), so it must end short of 9999-12-31.
 */
const EARLIEST = '1970-01-01';
const LATEST = '9999-12-30';

const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], {
    message: 'must be an ISO 8601 date-time (2026-11-01T00:00:00Z) or date (2026-11-01)',
  })
  .refine(
    (value) => Date.parse(value) >= Date.parse(EARLIEST) && Date.parse(value) <= Date.parse(LATEST),
    `must be between ${EARLIEST} and ${LATEST}`,
  );

/** The zone's canonical name (Etc/UTC, utc and Zulu all become UTC, which reads the daily rollups), or undefined if unknown. */
function canonicalZone(tz: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

const timeZone = text()
  .max(64)
  // Names only: PostgreSQL reads a bare offset such as +05:00 POSIX-style, west of Greenwich.
  .regex(/^[A-Za-z][A-Za-z0-9_+\-/]*$/, 'must be an IANA time zone such as Europe/Berlin')
  .refine((tz) => canonicalZone(tz) !== undefined, 'must be an IANA time zone such as Europe/Berlin')
  .transform((tz) => canonicalZone(tz)!);

const DIMENSIONS = ['referrer', 'country', 'city', 'device', 'browser', 'os', 'variant'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

const limit = (fallback: number) =>
  queryNumber(
    z
      .number({ message: 'must be a whole number from 1 to 100' })
      .int('must be a whole number from 1 to 100')
      .min(1, 'must be a whole number from 1 to 100')
      .max(100, 'must be a whole number from 1 to 100')
      .default(fallback),
  );

const from = instant.meta({
  description: 'Start of the range: a date-time, or a date (its midnight in tz). Default: a day before `to` for hours, a week for days',
  example: '2026-11-01',
});
const to = instant.meta({
  description: 'End of the range, exclusive: a date-time, or a date (its midnight in tz). Default: now',
  example: '2026-11-08',
});

export const seriesQuery = z.strictObject({
  from: from.optional(),
  to: to.optional(),
  interval: z.enum(['hour', 'day'], { message: 'must be hour or day' }).default('day'),
  tz: timeZone.meta({ description: 'An IANA time zone: day buckets are its local days (default UTC)', example: 'Europe/Berlin' }).default('UTC'),
});

export const breakdownQuery = z.strictObject({
  by: z.enum(DIMENSIONS, { message: `must be one of ${DIMENSIONS.join(', ')}` }),
  from: from.optional(),
  to: to.optional(),
  limit: limit(10),
});

export const workspaceQuery = seriesQuery.extend({ limit: limit(10) });

/** GET …/clicks/export: raw clicks over a range, UTC (no buckets, no time zone). */
export const clickExportQuery = z.strictObject({
  from: instant.optional().meta({
    description: 'Start of the range, inclusive: a date-time, or a date (its UTC midnight). Default: the oldest click kept',
    example: '2026-11-01',
  }),
  to: instant
    .optional()
    .meta({ description: 'End of the range, exclusive: a date-time, or a date (its UTC midnight). Default: now', example: '2026-11-08' }),
  format: exportFormatQuery,
});

export type SeriesQuery = z.infer<typeof seriesQuery>;
export type ClickExportQuery = z.infer<typeof clickExportQuery>;
export type BreakdownQuery = z.infer<typeof breakdownQuery>;
export type WorkspaceQuery = z.infer<typeof workspaceQuery>;

/** Clicks one flush sends at most over /internal/analytics/clicks (remote.ts sends smaller batches). */
export const CLICK_BATCH_MAX = 1000;

const captured = z.string().transform((value) => value.replaceAll('\u0000', ''));

const LAST_CLICK_TIME = Date.UTC(9999, 11, 31) - 1;

/** POST /internal/analytics/clicks: a flushed batch from a process serving redirects without analytics. */
export const clickBatch = z.strictObject({
  clicks: z
    .array(
      z.object({
        linkId: z.uuid(),
        workspaceId: z.uuid(),
        // Epoch milliseconds, before the last day of year 9999: that day's partition would end in year 10000, which PostgreSQL cannot parse.
        at: z.number().int().nonnegative().max(LAST_CLICK_TIME),
        // No caps nor text(): these are what the sending process captured, and a
        // refused batch would be retried by its buffer, never accepted. A NUL,
        // which PostgreSQL cannot store in text, is dropped instead.
        referrer: captured.optional(),
        userAgent: captured.optional(),
        ip: captured.optional(),
        country: captured.optional(),
        variant: captured.optional(),
      }),
    )
    .min(1)
    .max(CLICK_BATCH_MAX),
});

/**
 * Response schemas of the stats API: what the OpenAPI document says each
 * answer is (tested against the answers); stats-service.ts's types are
 * inferred from them. Ranges come back aligned to whole buckets.
 */
const timestamp = z.iso.datetime({ offset: true });
const count = z.number().int().nonnegative();

export const seriesStatsSchema = z
  .object({
    from: timestamp,
    to: timestamp,
    interval: z.enum(['hour', 'day']),
    tz: z.string().meta({ description: 'The canonical name of the time zone (Etc/UTC, utc and Zulu are UTC)', example: 'Europe/Berlin' }),
    total: count.meta({ description: 'Human clicks; bots are counted apart' }),
    uniques: count.meta({ description: "Sum of each bucket's unique visitors (a visitor is recognised within a UTC day at most)" }),
    bots: count,
    series: z.array(z.object({ t: timestamp.meta({ description: 'Start of the bucket' }), clicks: count, uniques: count })),
  })
  .meta({ id: 'SeriesStats', description: 'Clicks over a range, bucket by bucket, zero-filled' });

export const breakdownStatsSchema = z
  .object({
    by: z.enum(DIMENSIONS),
    from: timestamp,
    to: timestamp,
    data: z
      .array(
        z.object({
          value: z.string().meta({
            description:
              'The referrer host, country code, device, browser, OS or A/B variant name; for `city`, the country code and the city (`DE/Berlin`); `unknown` or `(direct)` when not known. `variant` counts only the clicks of a link with a split',
            example: 'news.example',
          }),
          clicks: count,
          country: z.string().optional().meta({ description: "`by=city`: the city's country (ISO 3166-1 alpha-2)", example: 'DE' }),
          city: z.string().optional().meta({ description: '`by=city`: the name of the city', example: 'Berlin' }),
        }),
      )
      .meta({ description: 'Most clicked first' }),
  })
  .meta({ id: 'BreakdownStats', description: 'Clicks per value of one dimension, over whole UTC days' });

export const workspaceStatsSchema = seriesStatsSchema
  .extend({
    topLinks: z
      .array(
        z.object({
          linkId: z.uuid(),
          slug: z.string(),
          domain: z.string().nullable().meta({ description: "The link's custom domain; null for the default domain" }),
          url: z.string(),
          clicks: count,
        }),
      )
      .meta({ description: 'The most clicked links over the range, most first' }),
  })
  .meta({ id: 'WorkspaceStats', description: "The workspace's clicks over a range, and its most clicked links" });

export type SeriesStats = z.infer<typeof seriesStatsSchema>;
export type BreakdownStats = z.infer<typeof breakdownStatsSchema>;
export type WorkspaceStats = z.infer<typeof workspaceStatsSchema>;

/** POST /internal/analytics/click-totals: what another process's AnalyticsApi.clickTotals asks, and its answer. */
export const clickTotalsBody = z.strictObject({ workspaceId: z.uuid(), linkIds: z.array(z.uuid()).max(5000) });
export const clickTotalsSchema = z.object({
  totals: z.record(z.uuid(), count).meta({ description: "Each link's human clicks of all time; links without any are left out" }),
});

/** The answer of POST /internal/analytics/rollup, which remote.ts reads. */
export const rollUpSchema = z.object({ batches: count.meta({ description: 'Click batches rolled up' }), clicks: count });

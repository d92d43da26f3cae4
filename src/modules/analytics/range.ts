import type { Knex } from 'knex';
import { Invalid } from '../../shared/errors';

/**
 * A stats time range: checked here (order, length), aligned in PostgreSQL (which
 * knows the time zones). Bucket-aligned: `from` moves back to the start of its
 * bucket and `to` forward to the end of its bucket, so every bucket in the
 * series is whole. Day buckets are local days in `tz`; hour buckets are UTC
 * hours (every zone's hours are, but for a few with half-hour offsets).
 */
export interface RangeInput {
  from?: string;
  to?: string;
  interval: 'hour' | 'day';
  tz: string;
}

export interface Range {
  from: Date;
  to: Date;
  interval: 'hour' | 'day';
  tz: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** An hourly series longer than this is a chart nobody reads; ask for days. */
const MAX_HOURLY_DAYS = 31;

export function checkRange(input: RangeInput, maxDays: number, now = Date.now()): RangeInput & { from: string; to: string } {
  const to = input.to ?? new Date(now).toISOString();
  const from = input.from ?? new Date(Date.parse(to) - (input.interval === 'hour' ? DAY_MS : 7 * DAY_MS)).toISOString();
  const span = Date.parse(to) - Date.parse(from);
  if (span <= 0) throw rangeProblem('query.from', 'must be before to');
  if (span > maxDays * DAY_MS) throw rangeProblem('query.to', `must be at most ${maxDays} days after from`);
  if (input.interval === 'hour' && span > MAX_HOURLY_DAYS * DAY_MS) {
    throw rangeProblem('query.interval', `hour allows ranges up to ${MAX_HOURLY_DAYS} days; use interval=day`);
  }
  return { ...input, from, to };
}

function rangeProblem(field: string, message: string): Invalid {
  return new Invalid(`The request query is invalid (${field}: ${message})`, [{ field, message }]);
}

/** A date (`2026-11-01`) means its local midnight in tz; a date-time is an instant. */
function instantSql(value: string, tz: string): { sql: string; bindings: string[] } {
  return /^\d{4}-\d\d-\d\d$/.test(value)
    ? { sql: '(?::timestamp at time zone ?)', bindings: [value, tz] }
    : { sql: '?::timestamptz', bindings: [value] };
}

export async function alignRange(db: Knex, input: RangeInput & { from: string; to: string }): Promise<Range> {
  const alignTz = input.interval === 'day' ? input.tz : 'UTC';
  const unit = input.interval;
  const from = instantSql(input.from, input.tz);
  const to = instantSql(input.to, input.tz);
  const aligned = db.raw<{ rows: { f: Date; t: Date }[] }>(
    `with raw as (select ${from.sql} as f, ${to.sql} as t)
     select date_trunc(?, f, ?) as f,
            case when date_trunc(?, t, ?) = t then t else date_add(date_trunc(?, t, ?), ?::interval, ?) end as t
     from raw`,
    [...from.bindings, ...to.bindings, unit, alignTz, unit, alignTz, unit, alignTz, `1 ${unit}`, alignTz],
  );
  const { rows } = await aligned.catch((error: unknown) => {
    // A zone the JavaScript runtime knows but this PostgreSQL's time zone data does not.
    if ((error as { code?: string }).code === '22023') throw rangeProblem('query.tz', 'is not a time zone this database knows');
    throw error;
  });
  return { from: rows[0].f, to: rows[0].t, interval: input.interval, tz: input.tz };
}

/**
 * A raw-click export's range, as given (no buckets): from the epoch and up to
 * now by default; a date is its UTC midnight. `from` must be before `to`.
 */
export function clickRange(input: { from?: string; to?: string }, now = Date.now()): { from: Date; to: Date } {
  const from = new Date(input.from ?? 0);
  const to = input.to === undefined ? new Date(now) : new Date(input.to);
  if (from.getTime() >= to.getTime()) throw rangeProblem('query.from', 'must be before to');
  return { from, to };
}

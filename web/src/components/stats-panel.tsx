import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { DIMENSIONS } from '../api/enums';
import type { Dimension, SeriesStats, WorkspaceStats } from '../api/types';
import { TIME_ZONE, toDateInput } from '../format';
import { Link } from '../router';
import { useApi, usePolling } from '../use-api';
import { Breakdown } from './breakdown';
import { ClicksChart } from './chart';
import { Select, TextField } from './form';
import { ErrorNotice, Loading } from './notice';

type Preset = '24h' | '7d' | '30d' | '90d' | 'custom';
interface Range {
  preset: Preset;
  interval: 'hour' | 'day';
  /** Dates (YYYY-MM-DD, local) for a custom range; `to` inclusive as picked. */
  from: string;
  to: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** While the page is open and visible, new clicks show within this (the API caches stats ~10 s). */
const REFRESH_MS = 10_000;

/** The query a range asks: day buckets on the browser's local midnights (its time zone), hours for a day. */
function queryOf(range: Range) {
  const tz = TIME_ZONE;
  // From the start of the hour a day ago: the query stays the same for an hour, as its answer's key.
  if (range.preset === '24h')
    return { from: new Date(Math.floor((Date.now() - DAY_MS) / HOUR_MS) * HOUR_MS).toISOString(), interval: 'hour' as const, tz };
  if (range.preset !== 'custom') {
    const days = Number(range.preset.slice(0, -1));
    return { from: toDateInput(new Date(Date.now() - (days - 1) * DAY_MS)), interval: range.interval, tz };
  }
  // The picked end day is included: the API's `to` is exclusive.
  const to = range.to === '' ? undefined : toDateInput(new Date(Date.parse(`${range.to}T12:00:00`) + DAY_MS));
  return { from: range.from || undefined, to, interval: range.interval, tz };
}

/** Clicks over time, totals with bots apart, and the breakdowns: of one link, or of the whole workspace. */
export function StatsPanel({ linkId, hasVariants = true }: { linkId?: string; hasVariants?: boolean }) {
  const [range, setRange] = useState<Range>({
    preset: '7d',
    interval: 'day',
    from: toDateInput(new Date(Date.now() - 6 * DAY_MS)),
    to: toDateInput(new Date()),
  });
  const query = queryOf(range);
  const key = JSON.stringify(query);
  const series = useApi(
    () =>
      linkId ? api('get', '/v1/links/{id}/stats', { params: { id: linkId }, query }) : api('get', '/v1/stats', { query: { ...query, limit: 10 } }),
    [linkId, key],
  );
  const dimensions = DIMENSIONS.filter((by) => by !== 'variant' || hasVariants);
  const breakdowns = useApi(
    () => Promise.all(dimensions.map((by: Dimension) => breakdown(linkId, by, query.from, query.to))),
    [linkId, key, dimensions.length],
  );
  usePolling(() => {
    series.reload();
    breakdowns.reload();
  }, REFRESH_MS);
  const stats: SeriesStats | WorkspaceStats | undefined = series.data;
  const topLinks = stats && 'topLinks' in stats ? (stats as WorkspaceStats).topLinks : undefined;
  return (
    <section class="stats" aria-label="Clicks">
      <RangePicker range={range} onChange={setRange} />
      <ErrorNotice error={series.error ?? breakdowns.error} />
      {!stats && series.loading && <Loading />}
      {stats && (
        <>
          <dl class="totals">
            <div>
              <dt>Clicks</dt>
              <dd>{stats.total}</dd>
            </div>
            <div>
              <dt>Unique visitors</dt>
              <dd>{stats.uniques}</dd>
            </div>
            <div class="bots">
              <dt>Bots</dt>
              <dd>{stats.bots}</dd>
            </div>
          </dl>
          <ClicksChart stats={stats} label={`Clicks per ${stats.interval}, ${stats.tz}`} />
          {topLinks && (
            <section class="card" aria-labelledby="top-links">
              <h3 id="top-links">Most clicked links</h3>
              {topLinks.length === 0 ? (
                <p class="muted">No clicks in this range.</p>
              ) : (
                <ol class="top-links">
                  {topLinks.map((top) => (
                    <li key={top.linkId}>
                      <Link href={`/app/links/${top.linkId}`}>{top.domain ? `${top.domain}/${top.slug}` : top.slug}</Link>{' '}
                      <span class="muted">{top.clicks} clicks</span>
                    </li>
                  ))}
                </ol>
              )}
            </section>
          )}
        </>
      )}
      <div class="breakdowns">
        {breakdowns.data?.map((data) => (
          <Breakdown key={data.by} stats={data} />
        ))}
      </div>
    </section>
  );
}

function breakdown(linkId: string | undefined, by: Dimension, from?: string, to?: string) {
  // Breakdowns are counted per UTC day: a date-time start widens to its day.
  const query = { by, from, to, limit: 10 };
  return linkId ? api('get', '/v1/links/{id}/stats/breakdown', { params: { id: linkId }, query }) : api('get', '/v1/stats/breakdown', { query });
}

function RangePicker({ range, onChange }: { range: Range; onChange(range: Range): void }) {
  return (
    <form class="filters range" aria-label="Date range" onSubmit={(event) => event.preventDefault()}>
      <Select
        label="Range"
        value={range.preset}
        options={[
          ['24h', 'Last 24 hours'],
          ['7d', 'Last 7 days'],
          ['30d', 'Last 30 days'],
          ['90d', 'Last 90 days'],
          ['custom', 'Custom'],
        ]}
        onChange={(preset) =>
          onChange({
            ...range,
            preset,
            interval: preset === '24h' ? 'hour' : range.interval === 'hour' && preset !== 'custom' ? 'day' : range.interval,
          })
        }
      />
      {range.preset === 'custom' && (
        <>
          <TextField label="From" type="date" value={range.from} max={range.to} onInput={(from) => onChange({ ...range, from })} />
          <TextField label="To" type="date" value={range.to} min={range.from} onInput={(to) => onChange({ ...range, to })} />
        </>
      )}
      {range.preset !== '24h' && (
        <Select
          label="Per"
          value={range.interval}
          options={[
            ['day', 'Day'],
            ['hour', 'Hour'],
          ]}
          onChange={(interval) => onChange({ ...range, interval })}
          hint={range.interval === 'hour' ? 'Hours: ranges of up to 31 days' : undefined}
        />
      )}
    </form>
  );
}

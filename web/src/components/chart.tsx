import { useEffect, useRef } from 'preact/hooks';
import type { SeriesStats } from '../api/types';
import { formatBucket } from '../format';
import type { drawChart } from './uplot-chart';

type Drawn = ReturnType<typeof drawChart>;

/**
 * Clicks and unique visitors over time. The chart is a picture to a screen
 * reader, so its numbers are also in a table below it, folded away.
 */
export function ClicksChart({ stats, label }: { stats: SeriesStats; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const drawn = useRef<{ chart: Drawn; interval: string } | undefined>(undefined);
  useEffect(() => {
    const current = drawn.current;
    if (current && current.interval === stats.interval) return current.chart.update(stats);
    let cancelled = false;
    // uPlot loads with the first chart, not with the page.
    void import('./uplot-chart').then(({ drawChart: draw }) => {
      if (cancelled || !box.current) return;
      drawn.current?.chart.destroy();
      box.current.replaceChildren();
      drawn.current = { chart: draw(box.current, stats), interval: stats.interval };
    });
    return () => {
      cancelled = true;
    };
  }, [stats]);
  useEffect(() => () => drawn.current?.chart.destroy(), []);
  return (
    <figure class="chart-figure">
      <div ref={box} class="chart" role="img" aria-label={`${label}: ${stats.total} clicks, ${stats.uniques} unique visitors`} />
      <details>
        <summary>Chart data</summary>
        <table>
          <caption class="visually-hidden">{label}</caption>
          <thead>
            <tr>
              <th scope="col">{stats.interval === 'hour' ? 'Hour' : 'Day'}</th>
              <th scope="col">Clicks</th>
              <th scope="col">Unique visitors</th>
            </tr>
          </thead>
          <tbody>
            {stats.series.map((bucket) => (
              <tr key={bucket.t}>
                <td>{formatBucket(bucket.t, stats.interval)}</td>
                <td>{bucket.clicks}</td>
                <td>{bucket.uniques}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

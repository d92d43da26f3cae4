import uPlot from 'uplot';
import type { SeriesStats } from '../api/types';

/**
 * The clicks chart itself: uPlot, in a chunk of its own that loads when a
 * chart first shows. Colours come from the page's CSS variables, so the
 * light and dark themes both apply; uPlot sets its few styles through the
 * CSSOM, which the page's CSP allows.
 */
export function drawChart(box: HTMLElement, stats: SeriesStats): { update(stats: SeriesStats): void; destroy(): void } {
  const css = getComputedStyle(document.documentElement);
  const colour = (name: string) => css.getPropertyValue(name).trim();
  const axis = { stroke: colour('--muted'), grid: { stroke: colour('--border') }, ticks: { stroke: colour('--border') } };
  const chart = new uPlot(
    {
      width: Math.max(box.clientWidth, 280),
      height: 240,
      series: [
        {},
        { label: 'Clicks', stroke: colour('--accent'), width: 2, fill: colour('--accent-fill'), points: { show: stats.series.length < 60 } },
        { label: 'Unique visitors', stroke: colour('--accent-2'), width: 2, dash: [6, 4], points: { show: false } },
      ],
      axes: [axis, { ...axis, size: 48 }],
      scales: { x: { time: true } },
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
    },
    columns(stats),
    box,
  );
  const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(box.clientWidth, 280), height: 240 }));
  resize.observe(box);
  return {
    update: (next) => chart.setData(columns(next)),
    destroy: () => {
      resize.disconnect();
      chart.destroy();
    },
  };
}

function columns(stats: SeriesStats): uPlot.AlignedData {
  return [stats.series.map((bucket) => Date.parse(bucket.t) / 1000), stats.series.map((b) => b.clicks), stats.series.map((b) => b.uniques)];
}

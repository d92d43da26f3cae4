import type { BreakdownStats } from '../api/types';

const NAMES: Record<BreakdownStats['by'], string> = {
  referrer: 'Referrer',
  country: 'Country',
  city: 'City',
  device: 'Device',
  browser: 'Browser',
  os: 'OS',
  variant: 'Variant',
};

/** Clicks per value of one dimension: a table whose bars are <meter>s, which need no inline style. */
export function Breakdown({ stats }: { stats: BreakdownStats }) {
  const most = Math.max(1, ...stats.data.map((row) => row.clicks));
  return (
    <section class="card breakdown" aria-labelledby={`breakdown-${stats.by}`}>
      <h3 id={`breakdown-${stats.by}`}>{NAMES[stats.by]}</h3>
      {stats.data.length === 0 ? (
        <p class="muted">No clicks in this range.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{NAMES[stats.by]}</th>
              <th scope="col" class="num">
                Clicks
              </th>
            </tr>
          </thead>
          <tbody>
            {stats.data.map((row) => (
              <tr key={row.value}>
                <td>
                  <span class="bar-label">{row.value}</span>
                  <meter min={0} max={most} value={row.clicks} aria-hidden="true" />
                </td>
                <td class="num">{row.clicks}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

import type { RequestKind } from './args';
import type { PhaseResult } from './run';
import type { ServerFigures } from './server-metrics';
import type { SloVerdict } from './slo';

/** Everything a run found, as written to --json and rendered to text and HTML. */
export interface Report {
  tool: 'shortline-loadtest';
  url: string;
  scenario: string;
  model: 'open' | 'closed';
  /** Open: requests per second asked for; closed: connections. */
  target: number;
  durationSeconds: number;
  startedAt: string;
  requests: number;
  achievedRps: number;
  errors: number;
  errorRatio: number;
  byType: TypeRow[];
  latencyMs: Percentiles;
  slo: SloVerdict | null;
  server: ServerFigures | null;
  /** Per second: completed requests, errors, p50 and p99 (ms). */
  timeline: { second: number; completed: number; errors: number; p50: number; p99: number }[];
  /** --find-max only: each step and the highest rate that held. */
  findMax: { steps: { rps: number; achievedRps: number; p99: number; errorRatio: number; met: boolean }[]; maxRps: number | null } | null;
}

interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

interface TypeRow extends Percentiles {
  type: RequestKind;
  count: number;
  rps: number;
  errors: number;
  errorsByStatus: Record<string, number>;
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

export function buildReport(input: {
  url: string;
  scenario: string;
  phase: PhaseResult;
  slo: SloVerdict | null;
  server: ServerFigures | null;
  findMax?: Report['findMax'];
}): Report {
  const { phase } = input;
  const byType = [...phase.byType.entries()]
    .sort(([, a], [, b]) => b.latencies.size - a.latencies.size)
    .map(([type, stats]) => ({
      type,
      count: stats.latencies.size,
      rps: round(stats.latencies.size / phase.wallSeconds, 1),
      p50: round(stats.latencies.percentile(50)),
      p90: round(stats.latencies.percentile(90)),
      p99: round(stats.latencies.percentile(99)),
      max: round(stats.latencies.max()),
      errors: stats.errorCount,
      errorsByStatus: Object.fromEntries(stats.errors),
    }));
  const requests = phase.all.size;
  return {
    tool: 'shortline-loadtest',
    url: input.url,
    scenario: input.scenario,
    model: phase.model,
    target: phase.target,
    durationSeconds: round(phase.wallSeconds),
    startedAt: new Date(phase.started).toISOString(),
    requests,
    achievedRps: round(requests / phase.wallSeconds, 1),
    errors: phase.errors,
    errorRatio: requests > 0 ? phase.errors / requests : 0,
    byType,
    latencyMs: {
      p50: round(phase.all.percentile(50)),
      p90: round(phase.all.percentile(90)),
      p99: round(phase.all.percentile(99)),
      max: round(phase.all.max()),
    },
    slo: input.slo,
    server: input.server,
    timeline: phase.timeline.seconds.map((s, second) => ({
      second,
      completed: s.completed,
      errors: s.errors,
      p50: round(s.latencies.percentile(50)),
      p99: round(s.latencies.percentile(99)),
    })),
    findMax: input.findMax ?? null,
  };
}

function table(header: string[], rows: (string | number)[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function renderText(report: Report): string {
  const out: string[] = [];
  const model =
    report.model === 'open'
      ? `open model, ${report.target} req/s scheduled`
      : `closed model, ${report.target} connections (maximum throughput; latencies exclude queueing)`;
  out.push(`Shortline load test: ${report.scenario} against ${report.url}, ${model}, ${report.durationSeconds}s`);
  out.push('');
  out.push(
    table(
      ['type', 'count', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors'],
      [
        ...report.byType.map((t) => [t.type, t.count, t.rps, t.p50, t.p90, t.p99, t.max, errorText(t.errors, t.errorsByStatus)]),
        [
          'all',
          report.requests,
          report.achievedRps,
          report.latencyMs.p50,
          report.latencyMs.p90,
          report.latencyMs.p99,
          report.latencyMs.max,
          `${report.errors} (${(report.errorRatio * 100).toFixed(3)}%)`,
        ],
      ],
    ),
  );
  if (report.server) {
    const s = report.server;
    out.push('');
    out.push('Server (from /metrics):');
    out.push(
      table(
        ['figure', 'value'],
        [
          ['requests counted by the server', s.requests],
          ['DB queries per request', s.dbQueriesPerRequest.toFixed(3)],
          ['redirect cache hit ratio', s.cacheHitRatio === null ? 'n/a' : `${(s.cacheHitRatio * 100).toFixed(2)}%`],
          ['CPU', `${s.cpuSeconds.toFixed(1)} s = ${(s.cpuCores * 100).toFixed(0)}% of one core`],
          ['peak RSS', `${s.peakRssMb.toFixed(0)} MB`],
          ['queue depth peak (ready jobs)', s.queueDepthPeak],
          ['job lag peak', `${s.jobLagPeakSeconds.toFixed(2)} s`],
        ],
      ),
    );
  }
  if (report.findMax) {
    out.push('');
    out.push('Find the limit:');
    out.push(
      table(
        ['asked req/s', 'achieved', 'p99 ms', 'errors', 'SLO'],
        report.findMax.steps.map((s) => [s.rps, s.achievedRps, s.p99, `${(s.errorRatio * 100).toFixed(3)}%`, s.met ? 'held' : 'broken']),
      ),
    );
    out.push(report.findMax.maxRps === null ? 'No rate held the SLO.' : `Highest rate within the SLO: ${report.findMax.maxRps} req/s.`);
  }
  if (report.slo) {
    out.push('');
    out.push(`SLO ${report.slo.met ? 'MET' : 'NOT MET'}:`);
    for (const line of report.slo.lines) out.push(`  ${line.met ? 'ok  ' : 'FAIL'} ${line.clause}: ${line.measured}`);
  }
  return out.join('\n');
}

function errorText(count: number, byStatus: Record<string, number>): string {
  if (count === 0) return '0';
  return `${count} (${Object.entries(byStatus)
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ')})`;
}

/** A self-contained HTML page (inline SVG, no scripts from anywhere): latency over time and throughput. */
export function renderHtml(report: Report): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const chart = (title: string, unit: string, series: { name: string; color: string; values: number[] }[]) => {
    const w = 760;
    const h = 220;
    const pad = 40;
    const n = Math.max(1, ...series.map((s) => s.values.length));
    const max = Math.max(1, ...series.flatMap((s) => s.values)) * 1.1;
    const x = (i: number) => pad + (i * (w - 2 * pad)) / Math.max(1, n - 1);
    const y = (v: number) => h - pad + 10 - (v / max) * (h - 2 * pad);
    const lines = series
      .map(
        (s) =>
          `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}"/>`,
      )
      .join('');
    const ticks = [0, 0.25, 0.5, 0.75, 1]
      .map(
        (f) =>
          `<text x="4" y="${y(max * f).toFixed(1)}" font-size="10">${(max * f).toFixed(max * f < 10 ? 1 : 0)}</text><line x1="${pad}" x2="${w - pad}" y1="${y(max * f).toFixed(1)}" y2="${y(max * f).toFixed(1)}" stroke="#eee"/>`,
      )
      .join('');
    const legend = series.map((s, i) => `<text x="${pad + i * 120}" y="14" font-size="12" fill="${s.color}">■ ${esc(s.name)}</text>`).join('');
    return `<h2>${esc(title)}</h2><svg viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img">${ticks}${lines}${legend}<text x="${w - pad}" y="${h - 4}" font-size="10" text-anchor="end">seconds</text><text x="${pad}" y="${h - 4}" font-size="10">${esc(unit)}</text></svg>`;
  };
  const rows = report.byType
    .map(
      (t) =>
        `<tr><td>${t.type}</td><td>${t.count}</td><td>${t.rps}</td><td>${t.p50}</td><td>${t.p90}</td><td>${t.p99}</td><td>${t.max}</td><td>${esc(errorText(t.errors, t.errorsByStatus))}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Shortline load test</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:820px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}pre{background:#f6f6f6;padding:1em}</style></head><body>
<h1>Shortline load test</h1>
<p>${esc(report.scenario)} against ${esc(report.url)}, ${report.model === 'open' ? `open model at ${report.target} req/s` : `closed model, ${report.target} connections`}, ${report.durationSeconds} s, started ${esc(report.startedAt)}.
${report.slo ? `<strong>SLO ${report.slo.met ? 'met' : 'NOT met'}</strong>.` : ''}</p>
<table><tr><th>type</th><th>count</th><th>req/s</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>max ms</th><th>errors</th></tr>${rows}</table>
${chart('Latency over time', 'ms', [
  { name: 'p50', color: '#2a7', values: report.timeline.map((s) => s.p50) },
  { name: 'p99', color: '#c33', values: report.timeline.map((s) => s.p99) },
])}
${chart('Throughput', 'req/s', [
  { name: 'completed', color: '#36c', values: report.timeline.map((s) => s.completed) },
  { name: 'errors', color: '#c33', values: report.timeline.map((s) => s.errors) },
])}
<h2>Full report</h2><pre>${esc(renderText(report))}</pre>
</body></html>
`;
}

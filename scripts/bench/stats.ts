import path from 'node:path';
import autocannon from 'autocannon';
import knex, { type Knex } from 'knex';
import { numberArg } from './support/args';
import { benchDatabase } from './support/database';
import { median, startTarget, stopTarget, table } from './support/load';
import { generateClicks } from './generate-clicks';

/**
 * Stats read latency over a large click history: `--clicks` (default 10
 * million) generated clicks over 90 days on 1,000 links (Zipf popularity), then
 * p50/p99 of every stats endpoint for 1-, 30- and 90-day ranges, asked for the
 * ten most clicked links (the most rollup rows), with the stats cache off. The
 * baseline in the same run: counting the same link's clicks from the raw table,
 * what the rollups spare every request. Prints the query plans of the 90-day
 * queries (the indexes they use) for docs/architecture/analytics-storage.md.
 *
 *   npm run bench:stats [-- --clicks 10000000 --duration 5 --connections 4]
 *
 * Target: p99 < 50 ms for every range.
 */
const args = parseArgs(process.argv.slice(2));
const DAY_MS = 86_400_000;

async function main(): Promise<void> {
  const database = await benchDatabase();
  try {
    process.stderr.write(`generating ${args.clicks} clicks...\n`);
    const data = await generateClicks(database.url, { clicks: args.clicks, days: 90, links: 1000 });
    process.stderr.write(`generated in ${data.generateSeconds.toFixed(0)} s, rolled up in ${data.rollupSeconds.toFixed(0)} s\n`);
    const target = await startTarget(path.join(__dirname, `stats-target${path.extname(__filename)}`), [], { DATABASE_URL: database.url });
    const base = `http://127.0.0.1:${target.port}`;
    const top = data.links.slice(0, 10);
    const now = Date.now();
    const range = (days: number) => `from=${new Date(now - days * DAY_MS).toISOString()}&to=${new Date(now).toISOString()}`;
    const cases: [string, number, (link: string) => string][] = [];
    for (const days of [1, 30, 90]) {
      const interval = days === 1 ? 'hour' : 'day';
      cases.push([`link series (interval=${interval})`, days, (l) => `/v1/links/${l}/stats?${range(days)}&interval=${interval}`]);
      cases.push([
        'link series (interval=day, tz=America/New_York)',
        days,
        (l) => `/v1/links/${l}/stats?${range(days)}&interval=day&tz=America/New_York`,
      ]);
      cases.push(['breakdown by referrer', days, (l) => `/v1/links/${l}/stats/breakdown?by=referrer&${range(days)}`]);
      cases.push(['breakdown by country', days, (l) => `/v1/links/${l}/stats/breakdown?by=country&${range(days)}`]);
      cases.push([`workspace totals and top links (interval=${interval})`, days, () => `/v1/stats?${range(days)}&interval=${interval}`]);
    }
    const rows: (string | number)[][] = [];
    let worstP99 = 0;
    try {
      for (const [name, days, pathFor] of cases) {
        const paths = top.map(pathFor);
        let next = 0;
        const result = await autocannon({
          url: base,
          connections: args.connections,
          duration: args.duration,
          headers: { authorization: `Bearer ${data.apiKey}` },
          requests: [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }],
        });
        if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
        worstP99 = Math.max(worstP99, result.latency.p99);
        rows.push([name, `${days} d`, Math.round(result.requests.average), result.latency.p50, result.latency.p99]);
        process.stderr.write(`${name} ${days}d: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms\n`);
      }
    } finally {
      await stopTarget(target.child);
    }
    const db = knex({ client: 'pg', connection: database.url, pool: { min: 1, max: 1 } });
    try {
      const raw = await rawBaseline(db, top[0], now);
      console.log(
        `\nstats: ${args.clicks} clicks over 90 days, 1,000 links (Zipf), ${args.connections} connections x ${args.duration}s per case, stats cache off, Node ${process.version}\n`,
      );
      console.log(table(['endpoint', 'range', 'req/s', 'p50 ms', 'p99 ms'], rows));
      console.log('\nbaseline: the most clicked link counted from raw clicks instead (median of 3, ms)\n');
      console.log(table(['range', 'raw clicks counted', 'ms'], raw));
      console.log(`\nworst p99: ${worstP99} ms (target < 50 ms)`);
      console.log(`\nplans of the 90-day queries (most clicked link):\n`);
      console.log(await plans(db, data.workspaceId, top[0], now));
    } finally {
      await db.destroy();
    }
  } finally {
    await database.stop();
  }
}

async function rawBaseline(db: Knex, linkId: string, now: number): Promise<(string | number)[][]> {
  const rows: (string | number)[][] = [];
  for (const days of [1, 30, 90]) {
    const times: number[] = [];
    let count = 0;
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const { rows: result } = await db.raw<{ rows: { n: number }[] }>(
        'select count(*)::int as n from analytics.clicks where link_id = ? and clicked_at >= ? and clicked_at < ? and not is_bot',
        [linkId, new Date(now - days * DAY_MS), new Date(now)],
      );
      times.push(Date.now() - started);
      count = result[0].n;
    }
    rows.push([`${days} d`, count, median(times)]);
  }
  return rows;
}

/** EXPLAIN ANALYZE of the rollup queries behind a 90-day request, trimmed to the plan's node lines. */
async function plans(db: Knex, workspaceId: string, linkId: string, now: number): Promise<string> {
  const from = new Date(now - 90 * DAY_MS).toISOString().slice(0, 10);
  const to = new Date(now + DAY_MS).toISOString().slice(0, 10);
  const queries: [string, string, unknown[]][] = [
    [
      'link series, 90 days by day',
      'select day, clicks, uniques, bots from analytics.link_daily where link_id = ? and day >= ? and day < ?',
      [linkId, from, to],
    ],
    [
      'breakdown, 90 days',
      'select value, sum(clicks) from analytics.dimension_daily where link_id = ? and dimension = ? and day >= ? and day < ? group by value order by 2 desc limit 10',
      [linkId, 'referrer', from, to],
    ],
    [
      'top links, the whole weeks of 90 days (the largest of its pieces; see tiles() in the stats repository)',
      'select link_id, sum(clicks) from analytics.link_weekly where workspace_id = ? and week >= ? and week < ? group by link_id order by 2 desc limit 10',
      [workspaceId, from, to],
    ],
  ];
  const out: string[] = [];
  for (const [name, sql, bindings] of queries) {
    const { rows } = await db.raw<{ rows: Record<string, string>[] }>(`explain (analyze, costs off, summary on) ${sql}`, bindings as Knex.Value[]);
    out.push(`-- ${name}`, ...rows.map((r) => r['QUERY PLAN']).filter((line) => /->|Scan|Execution Time|^\S/.test(line)), '');
  }
  return out.join('\n');
}

function parseArgs(argv: string[]) {
  return { clicks: numberArg(argv, 'clicks', 10_000_000), duration: numberArg(argv, 'duration', 5), connections: numberArg(argv, 'connections', 4) };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import http from 'node:http';
import { stringify } from 'csv-stringify/sync';
import knex from 'knex';
import { createShortline } from '../../src/app/shortline';
import { loadConfig } from '../../src/app/config';
import { listen } from '../../src/shared/http/server';
import { createLogger } from '../../src/shared/logging';
import { numberArg } from './support/args';
import { benchDatabase, benchWorkspace } from './support/database';
import { table } from './support/load';

/**
 * Exports with constant memory: the same exports of a workspace with `--rows`
 * links and clicks (default 50,000) and of one with ten times as many, served
 * by a Shortline in this process: once timed, once while a full GC runs every
 * 50 ms and the live heap is read. If the exports stream, the larger one's
 * peak live heap is no higher; rows/s says how fast. The baseline in the same run: the links read whole with one query and
 * written to one CSV string, as an export without a cursor would, whose peak
 * grows with the rows.
 *
 *   npm run bench:export [-- --rows 50000]
 */
const argv = process.argv.slice(2);
const rows = numberArg(argv, 'rows', 50_000);

const gc = (globalThis as { gc?: () => void }).gc;
const MB = 1024 * 1024;

/** Runs `work` and returns how long it took. */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  gc?.();
  const started = process.hrtime.bigint();
  const result = await work();
  return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/**
 * Runs `work` again, while every 50 ms a full GC runs and the heap left is
 * read: the most live memory it held above the heap before it, in MB (garbage
 * awaiting collection, which V8 lets grow as it likes, does not count). Also
 * the peak RSS of the process.
 */
async function liveHeap(work: () => Promise<unknown>): Promise<{ peakLiveMb: number; peakRssMb: number }> {
  gc!();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    gc!();
    const usage = process.memoryUsage();
    peak = Math.max(peak, usage.heapUsed);
    peakRss = Math.max(peakRss, usage.rss);
  }, 50);
  try {
    await work();
    return { peakLiveMb: (peak - before) / MB, peakRssMb: peakRss / MB };
  } finally {
    clearInterval(sampler);
  }
}

/** GETs `path` and counts the body's lines and bytes as they arrive, keeping none of it. */
function download(port: number, path: string, apiKey: string): Promise<{ lines: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers: { authorization: `Bearer ${apiKey}` } }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`${path}: ${res.statusCode}`));
        let lines = 0;
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        });
        res.on('end', () => resolve({ lines, bytes }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

async function main(): Promise<void> {
  if (!gc) throw new Error('run with node --expose-gc (npm run bench:export does)');
  const database = await benchDatabase();
  try {
    const workspaces: { label: string; rows: number; workspaceId: string; apiKey: string }[] = [];
    for (const n of [rows, rows * 10]) {
      process.stderr.write(`generating ${n} links and ${n} clicks...\n`);
      const { workspaceId, apiKey } = await generate(database.url, n);
      workspaces.push({ label: n === rows ? '1×' : '10×', rows: n, workspaceId, apiKey });
    }
    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: database.url, LOG_LEVEL: 'warn', WORKER: 'off' });
    const app = createShortline({ config, logger: createLogger(config.log), databaseUrl: database.url });
    await app.start();
    const server = await listen(app.app, '127.0.0.1', 0);
    const results: (string | number)[][] = [];
    try {
      const cases: [string, string][] = [
        ['links, CSV', '/v1/links/export?format=csv'],
        ['links, NDJSON', '/v1/links/export?format=ndjson'],
        ['clicks, CSV', '/v1/clicks/export?format=csv'],
      ];
      for (const [name, path] of cases) {
        for (const ws of workspaces) {
          // A warm-up of the small one first, so the first measured run does not pay for compiling the path.
          if (ws === workspaces[0]) await download(server.port, path, ws.apiKey);
          const run = await timed(() => download(server.port, path, ws.apiKey));
          const exported = run.result.lines - (path.includes('csv') ? 1 : 0);
          if (exported !== ws.rows) throw new Error(`${name} ${ws.label}: ${exported} rows exported, ${ws.rows} expected`);
          const memory = await liveHeap(() => download(server.port, path, ws.apiKey));
          results.push(row(`${name} (streamed)`, ws.label, exported, run.seconds, memory));
          process.stderr.write(`${name} ${ws.label}: ${Math.round(exported / run.seconds)} rows/s, live heap +${memory.peakLiveMb.toFixed(1)} MB\n`);
        }
      }
      // The baseline: the same links CSV built in memory from one query.
      const db = knex({ client: 'pg', connection: database.url, pool: { min: 1, max: 1 } });
      try {
        for (const ws of workspaces) {
          const build = async () => {
            const all = await db('links.links').where({ workspace_id: ws.workspaceId }).orderBy(['created_at', 'id']);
            const csv = stringify(
              all.map(
                (l: {
                  slug: string;
                  url: string;
                  domain: string | null;
                  title: string | null;
                  tags: string[];
                  expires_at: Date | null;
                  created_at: Date;
                }) => [l.slug, l.url, l.domain, l.title, l.tags.join(','), l.expires_at?.toISOString() ?? null, l.created_at.toISOString()],
              ),
            );
            return csv.length;
          };
          const run = await timed(build);
          const memory = await liveHeap(build);
          results.push(row('links, CSV (baseline: whole in memory)', ws.label, ws.rows, run.seconds, memory));
        }
      } finally {
        await db.destroy();
      }
    } finally {
      await server.close(5000);
      await app.stop();
    }
    console.log(
      `\nexport: ${rows} and ${rows * 10} links and clicks per workspace, Node ${process.version}; rows/s from a run without sampling, memory from a second run with a full GC every 50 ms\n`,
    );
    console.log(table(['export', 'size', 'rows', 's', 'rows/s', 'peak live heap above start, MB', 'peak RSS, MB'], results));
  } finally {
    await database.stop();
  }
}

/** A workspace with `n` links (tagged, titled) and `n` clicks over the last 7 days, straight into the tables. */
async function generate(url: string, n: number): Promise<{ workspaceId: string; apiKey: string }> {
  const workspace = await benchWorkspace(url, `export bench ${n}`);
  const db = knex({ client: 'pg', connection: url, pool: { min: 1, max: 1 } });
  try {
    await db.raw(
      `insert into links.links (workspace_id, slug, url, title, tags, created_at)
       select ?, 'x' || ? || '-' || i, 'https://example.com/products/' || i || '/spring', 'Product page ' || i, array['export', 'bench'],
              date_trunc('milliseconds', now()) - make_interval(secs => i)
       from generate_series(1, ?) as i`,
      [workspace.workspaceId, n, n],
    );
    await db.raw(
      `do $$ declare d date; begin
         for d in select generate_series((now() at time zone 'UTC')::date - 7, (now() at time zone 'UTC')::date, interval '1 day')::date loop
           execute format('create table if not exists analytics.%I partition of analytics.clicks for values from (%L) to (%L)',
             'clicks_' || to_char(d, 'YYYYMMDD'), d::text || 'T00:00:00Z', (d + 1)::text || 'T00:00:00Z');
         end loop; end $$`,
    );
    await db.raw(
      `insert into analytics.clicks (clicked_at, link_id, workspace_id, batch_id, visitor, is_bot, referrer_host, country, device, browser, os)
       select now() - random() * interval '7 days', gen_random_uuid(), ?, 1, (random() * 500000)::bigint, random() < 0.03,
              'news.example', 'DE', 'desktop', 'Chrome', 'Mac OS'
       from generate_series(1, ?)`,
      [workspace.workspaceId, n],
    );
    await db.raw('analyze');
    return workspace;
  } finally {
    await db.destroy();
  }
}

function row(name: string, label: string, count: number, seconds: number, memory: { peakLiveMb: number; peakRssMb: number }): (string | number)[] {
  return [name, label, count, seconds.toFixed(2), Math.round(count / seconds), memory.peakLiveMb.toFixed(1), Math.round(memory.peakRssMb)];
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

import path from 'node:path';
import autocannon from 'autocannon';
import knex from 'knex';
import type { Click } from '../../src/modules/links';
import { loadConfig } from '../../src/app/config';
import { createLogger } from '../../src/shared/logging';
import { createShortline, type Shortline } from '../../src/app/shortline';
import { numberArg } from './support/args';
import { benchDatabase, benchWorkspace } from './support/database';
import { median, startTarget, stopTarget, table } from './support/load';

/**
 * Click ingest: how many clicks per second reach PostgreSQL (analytics.clicks),
 * in one run on 127.0.0.1:
 *   1. pipeline  the analytics click sink fed as fast as it drains (one INSERT
 *                per flush of CLICKS_FLUSH_SIZE clicks, plus the batch's rollup
 *                bookkeeping); then the worker rolls those clicks up, and its
 *                rate is reported.
 *   2. per-click the baseline: one single-row INSERT per click into the same
 *                table, from 10 connections at once (what capture without a
 *                buffer would do), with the click already enriched.
 *   3. redirects real GET /:slug traffic (autocannon, 1,000 links) against a
 *                production-configured server: redirects/s against clicks
 *                written/s, the batching ratio, and drops.
 *
 *   npm run bench:ingest [-- --rounds 3 --duration 10 --flush-size 1000]
 *
 * Target: >= 10,000 clicks/s sustained with batching.
 */
const args = parseArgs(process.argv.slice(2));
const LINKS = 1000;

const AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
];
const REFERRERS = [undefined, 'https://www.google.com/', 'https://news.ycombinator.com/item?id=1', 'https://t.co/abc', 'https://mail.example.com/'];
const COUNTRIES = [undefined, 'US', 'DE', 'FR', 'IN', 'BR', 'JP'];

interface PipelineResult {
  written: number;
  statements: number;
  seconds: number;
  rolledUpSeconds?: number;
}

async function main(): Promise<void> {
  const database = await benchDatabase();
  try {
    const { workspaceId, links, slugs } = await prepare(database.url);
    const results: Record<'batched' | 'per-click', PipelineResult[]> = { batched: [], 'per-click': [] };
    const http: { redirects: number; written: number; statements: number; dropped: number; seconds: number }[] = [];
    for (let round = 1; round <= args.rounds; round++) {
      for (const variant of round % 2 === 1 ? (['batched', 'per-click'] as const) : (['per-click', 'batched'] as const)) {
        const result = variant === 'batched' ? await pipeline(database.url, workspaceId, links) : await perClick(database.url, workspaceId, links);
        results[variant].push(result);
        process.stderr.write(`round ${round} ${variant}: ${Math.round(result.written / result.seconds)} clicks/s\n`);
      }
      const measured = await redirects(database.url, slugs);
      http.push(measured);
      process.stderr.write(
        `round ${round} redirects: ${Math.round(measured.redirects / measured.seconds)} redirects/s, ${Math.round(measured.written / measured.seconds)} clicks/s\n`,
      );
    }
    report(results, http);
  } finally {
    await database.stop();
  }
}

/** Feeds the click sink for args.duration seconds, keeping it about two flushes full, and counts what was written. */
async function pipeline(url: string, workspaceId: string, links: string[]): Promise<PipelineResult> {
  const flushSize = args.flushSize;
  const config = loadConfig({
    NODE_ENV: 'production',
    METRICS_OPEN: 'on',
    DATABASE_URL: url,
    LOG_LEVEL: 'warn',
    WORKER: 'off',
    CLICKS_FLUSH_SIZE: String(flushSize),
    CLICKS_FLUSH_INTERVAL_MS: '1000',
  });
  const app = createShortline({ config, logger: createLogger(config.log), databaseUrl: url });
  await app.start();
  const db = app.db.platform;
  await db.raw('truncate analytics.clicks');
  await db.raw('delete from graphile_worker._private_jobs');
  const before = await counters(app);
  const sink = app.apis.get('analytics').clickSink;
  let n = 0;
  const started = Date.now();
  const deadline = started + args.duration * 1000;
  // Offer clicks in turns, never more than two flushes ahead of the writer: what it can sustain.
  const bufferedGauge = app.metrics.registry.getSingleMetric('shortline_clicks_buffered')!;
  await new Promise<void>((resolve) => {
    const feed = async () => {
      if (Date.now() >= deadline) return resolve();
      const buffered = (await bufferedGauge.get()).values[0]?.value ?? 0;
      for (let i = buffered; i < Math.max(2 * flushSize, 200); i++) sink.record(click(n++, workspaceId, links));
      setImmediate(() => void feed());
    };
    void feed();
  });
  const after = await counters(app);
  const seconds = (Date.now() - started) / 1000;
  // The rollups of what was written, by the worker alone (feeding has stopped).
  const rollStarted = Date.now();
  await app.jobs.start();
  while (Number((await db.raw<{ rows: { n: string }[] }>('select count(*) as n from analytics.pending_batches')).rows[0].n) > 0) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const rolledUpSeconds = (Date.now() - rollStarted) / 1000;
  await app.stop();
  return { written: after.written - before.written, statements: after.statements - before.statements, seconds, rolledUpSeconds };
}

/** The baseline: a single-row INSERT per click, 10 at a time, for args.duration seconds. */
async function perClick(url: string, workspaceId: string, links: string[]): Promise<PipelineResult> {
  const db = knex({ client: 'pg', connection: url, pool: { min: 10, max: 10 } });
  try {
    await db.raw('truncate analytics.clicks');
    let written = 0;
    const started = Date.now();
    const deadline = started + args.duration * 1000;
    await Promise.all(
      Array.from({ length: 10 }, async (_, worker) => {
        for (let n = worker; Date.now() < deadline; n += 10) {
          await db.raw(
            `insert into analytics.clicks (clicked_at, link_id, workspace_id, batch_id, visitor, is_bot, referrer_host, country, device, browser, os)
             values (now(), ?, ?, 0, ?, false, 'google.com', 'DE', 'desktop', 'Chrome', 'Windows')`,
            [links[n % links.length], workspaceId, n],
          );
          written++;
        }
      }),
    );
    return { written, statements: written, seconds: (Date.now() - started) / 1000 };
  } finally {
    await db.destroy();
  }
}

async function counters(app: Shortline): Promise<{ written: number; statements: number }> {
  const text = await app.metrics.registry.metrics();
  const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
  return {
    written: value(/^shortline_clicks_written_total (\S+)/m),
    statements: value(/^shortline_click_flush_size_count (\S+)/m),
  };
}

function click(n: number, workspaceId: string, links: string[]): Click {
  return {
    linkId: links[n % links.length],
    workspaceId,
    at: Date.now(),
    referrer: REFERRERS[n % REFERRERS.length],
    userAgent: AGENTS[n % AGENTS.length],
    ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
    country: COUNTRIES[n % COUNTRIES.length],
  };
}

/** Real redirects against the redirect benchmark's production-configured target. */
async function redirects(url: string, slugs: string[]) {
  const target = await startTarget(path.join(__dirname, `redirect-target${path.extname(__filename)}`), ['cache-on'], { DATABASE_URL: url });
  const base = `http://127.0.0.1:${target.port}`;
  try {
    const metrics = async () => {
      const text = await (await fetch(`${base}/metrics`)).text();
      const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
      return {
        redirects: value(/^shortline_redirects_total\{outcome="redirected"\} (\S+)/m),
        written: value(/^shortline_clicks_written_total (\S+)/m),
        statements: value(/^shortline_click_flush_size_count (\S+)/m),
        recorded: value(/^shortline_clicks_recorded_total (\S+)/m),
        dropped: value(/^shortline_clicks_dropped_total\{reason="buffer_full"\} (\S+)/m),
      };
    };
    let next = 0;
    const paths = slugs.map((s) => `/${s}`);
    const before = await metrics();
    const started = Date.now();
    await autocannon({
      url: base,
      connections: 50,
      duration: args.duration,
      headers: { 'user-agent': AGENTS[0], referer: 'https://news.ycombinator.com/' },
      requests: [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }],
    });
    // Clicks still in the buffer, or in a flush under way, count once written: wait for the last flush.
    let after = await metrics();
    for (const deadline = Date.now() + 10_000; after.written + after.dropped < after.recorded && Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 100));
      after = await metrics();
    }
    const seconds = (Date.now() - started) / 1000;
    return {
      redirects: after.redirects - before.redirects,
      written: after.written - before.written,
      statements: after.statements - before.statements,
      dropped: after.dropped - before.dropped,
      seconds,
    };
  } finally {
    await stopTarget(target.child);
  }
}

function report(
  results: Record<'batched' | 'per-click', PipelineResult[]>,
  http: { redirects: number; written: number; statements: number; dropped: number; seconds: number }[],
): void {
  const rate = (r: PipelineResult) => r.written / r.seconds;
  const batched = median(results.batched.map(rate));
  const single = median(results['per-click'].map(rate));
  console.log(
    `\ningest: ${args.rounds} rounds x ${args.duration}s, flush size ${args.flushSize}, ${LINKS} links, Node ${process.version}, medians\n`,
  );
  console.log(
    table(
      ['path', 'clicks/s written', 'clicks per INSERT', 'vs per-click'],
      [
        [
          'pipeline, batched',
          Math.round(batched),
          Math.round(median(results.batched.map((r) => r.written / r.statements))),
          `${(batched / single).toFixed(1)}x`,
        ],
        ['one INSERT per click (10 connections)', Math.round(single), 1, '1.0x'],
        [
          'rollups of the batched clicks (worker)',
          Math.round(median(results.batched.map((r) => r.written / (r.rolledUpSeconds ?? Infinity)))),
          '',
          '',
        ],
        [
          'real redirects (HTTP, 50 connections)',
          Math.round(median(http.map((h) => h.written / h.seconds))),
          Math.round(median(http.map((h) => h.written / Math.max(1, h.statements)))),
          '',
        ],
      ],
    ),
  );
  const redirected = median(http.map((h) => h.redirects / h.seconds));
  console.log(
    `\nreal redirects: ${Math.round(redirected)} redirects/s; every click written: ${http.every((h) => h.written === h.redirects) ? 'yes' : 'NO'}; dropped: ${http.reduce((s, h) => s + h.dropped, 0)}`,
  );
  console.log(`batched capture sustains ${Math.round(batched)} clicks/s (target >= 10,000)`);
}

/** A workspace with LINKS links, inserted directly (setup speed). */
async function prepare(url: string): Promise<{ workspaceId: string; links: string[]; slugs: string[] }> {
  const { workspaceId } = await benchWorkspace(url);
  const db = knex({ client: 'pg', connection: url });
  try {
    const { rows } = await db.raw<{ rows: { id: string; slug: string }[] }>(
      `insert into links.links (workspace_id, slug, url)
       select ?, 'i' || lpad(i::text, 6, '0'), 'https://example.com/page/' || i from generate_series(1, ?) as i returning id, slug`,
      [workspaceId, LINKS],
    );
    return { workspaceId, links: rows.map((r) => r.id), slugs: rows.map((r) => r.slug) };
  } finally {
    await db.destroy();
  }
}

function parseArgs(argv: string[]) {
  return { rounds: numberArg(argv, 'rounds', 3), duration: numberArg(argv, 'duration', 10), flushSize: numberArg(argv, 'flush-size', 1000) };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

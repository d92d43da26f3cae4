import knex from 'knex';
import type { Click } from '../../src/modules/links';
import { loadConfig } from '../../src/app/config';
import { createShortline } from '../../src/app/shortline';
import { createGeolocator } from '../../src/shared/geo';
import { createLogger } from '../../src/shared/logging';
import { createMetrics } from '../../src/shared/metrics';
import { numberArg } from './support/args';
import { benchDatabase, benchWorkspace } from './support/database';
import { median, roundOrder, table } from './support/load';

/**
 * What geolocation costs per click, in one run on 127.0.0.1, with the
 * database shipped through npm (DB-IP Lite country):
 *   1. look-ups  Geolocator.locate alone on LOOKUPS random public addresses,
 *                IPv4 then IPv6: µs per look-up, median of the rounds.
 *   2. flushes   batches of CLICKS_FLUSH_SIZE clicks from random public IPv4
 *                addresses (no country header, so every click is looked up)
 *                recorded and flushed one after the other, GEOIP_DB=off and
 *                the shipped database alternating which goes first: clicks/s
 *                written, and the Node process's CPU per click while flushing
 *                (enrichment, look-up, the INSERT's encoding; PostgreSQL's
 *                own CPU is another process's). "vs off" is the median of
 *                per-round ratios.
 *
 *   npm run bench:geo [-- --rounds 5 --duration 10]
 */
const args = {
  rounds: numberArg(process.argv.slice(2), 'rounds', 5),
  duration: numberArg(process.argv.slice(2), 'duration', 10),
  flushSize: numberArg(process.argv.slice(2), 'flush-size', 1000),
};
const LINKS = 1000;
const LOOKUPS = 200_000;
const AGENT = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
type Variant = 'off' | 'shipped';

/** Deterministic, so that every round and variant sees the same addresses. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Public unicast IPv4: first octets 1–223 without the private, loopback, CGNAT and link-local ones. */
function ipv4Addresses(count: number): string[] {
  const next = random(4);
  const skip = new Set([10, 100, 127, 169, 172, 192]);
  const out: string[] = [];
  while (out.length < count) {
    const first = 1 + Math.floor(next() * 223);
    if (skip.has(first)) continue;
    out.push(`${first}.${Math.floor(next() * 256)}.${Math.floor(next() * 256)}.${Math.floor(next() * 256)}`);
  }
  return out;
}

/** Global unicast IPv6 in 2001::/16 to 2a0f::/16, where the regional registries allocate. */
function ipv6Addresses(count: number): string[] {
  const next = random(6);
  const group = () => Math.floor(next() * 65536).toString(16);
  const firsts = ['2001', '2003', '2400', '2600', '2604', '2a00', '2a01', '2a02', '2a0f'];
  return Array.from({ length: count }, () => `${firsts[Math.floor(next() * firsts.length)]}:${group()}:${group()}:${group()}::${group()}`);
}

function lookups(): { ipv4: number; ipv6: number; found4: number; found6: number } {
  const geo = createGeolocator({ source: 'shipped' }, createMetrics());
  const measure = (addresses: string[]) => {
    let found = 0;
    const started = process.hrtime.bigint();
    for (const ip of addresses) if (geo.locate(ip) !== undefined) found++;
    return { us: Number(process.hrtime.bigint() - started) / 1000 / addresses.length, found: found / addresses.length };
  };
  // Warm up the reader and V8 first.
  measure(ipv4Addresses(20_000));
  const v4 = measure(ipv4Addresses(LOOKUPS));
  const v6 = measure(ipv6Addresses(LOOKUPS));
  return { ipv4: v4.us, ipv6: v6.us, found4: v4.found, found6: v6.found };
}

interface FlushRound {
  written: number;
  seconds: number;
  cpuUs: number;
}

/** Records and flushes batches for args.duration seconds, with geolocation off or on. */
async function flushes(url: string, variant: Variant, workspaceId: string, links: string[], addresses: string[]): Promise<FlushRound> {
  const config = loadConfig({
    NODE_ENV: 'production',
    METRICS_OPEN: 'on',
    DATABASE_URL: url,
    LOG_LEVEL: 'warn',
    WORKER: 'off',
    CLICKS_FLUSH_SIZE: String(args.flushSize),
    // The benchmark flushes; the timer should not.
    CLICKS_FLUSH_INTERVAL_MS: '60000',
    ...(variant === 'off' ? { GEOIP_DB: 'off' } : {}),
  });
  const app = createShortline({ config, logger: createLogger(config.log), databaseUrl: url });
  await app.start();
  await app.db.platform.raw('truncate analytics.clicks, analytics.pending_batches');
  const analytics = app.apis.get('analytics');
  // One flush first: connections opened, the day's salt read, code warm.
  for (let i = 0; i < args.flushSize; i++) analytics.clickSink.record(click(i, workspaceId, links, addresses));
  await analytics.flushClicks();
  let n = 0;
  const cpu = process.cpuUsage();
  const started = Date.now();
  while (Date.now() - started < args.duration * 1000) {
    for (let i = 0; i < args.flushSize; i++) analytics.clickSink.record(click(n++, workspaceId, links, addresses));
    await analytics.flushClicks();
  }
  const seconds = (Date.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await app.stop();
  return { written: n, seconds, cpuUs: (used.user + used.system) / n };
}

function click(n: number, workspaceId: string, links: string[], addresses: string[]): Click {
  return {
    linkId: links[n % links.length],
    workspaceId,
    at: Date.now(),
    referrer: n % 3 === 0 ? 'https://news.ycombinator.com/' : undefined,
    userAgent: AGENT,
    ip: addresses[n % addresses.length],
    country: undefined,
  };
}

async function prepare(url: string): Promise<{ workspaceId: string; links: string[] }> {
  const { workspaceId } = await benchWorkspace(url);
  const db = knex({ client: 'pg', connection: url });
  try {
    const { rows } = await db.raw<{ rows: { id: string }[] }>(
      `insert into links.links (workspace_id, slug, url)
       select ?, 'g' || lpad(i::text, 6, '0'), 'https://example.com/page/' || i from generate_series(1, ?) as i returning id`,
      [workspaceId, LINKS],
    );
    return { workspaceId, links: rows.map((r) => r.id) };
  } finally {
    await db.destroy();
  }
}

async function main(): Promise<void> {
  const micro: ReturnType<typeof lookups>[] = [];
  for (let round = 1; round <= args.rounds; round++) {
    micro.push(lookups());
    process.stderr.write(`round ${round} look-ups: ${micro[round - 1].ipv4.toFixed(2)} µs IPv4, ${micro[round - 1].ipv6.toFixed(2)} µs IPv6\n`);
  }
  const database = await benchDatabase();
  const results: Record<Variant, FlushRound[]> = { off: [], shipped: [] };
  const ratios: { rate: number; cpu: number }[] = [];
  try {
    const { workspaceId, links } = await prepare(database.url);
    const addresses = ipv4Addresses(100_000);
    for (let round = 1; round <= args.rounds; round++) {
      const got: Partial<Record<Variant, FlushRound>> = {};
      for (const variant of roundOrder(['off', 'shipped'] as const, round)) {
        const result = await flushes(database.url, variant, workspaceId, links, addresses);
        got[variant] = result;
        results[variant].push(result);
        process.stderr.write(
          `round ${round} ${variant}: ${Math.round(result.written / result.seconds)} clicks/s, ${result.cpuUs.toFixed(1)} µs CPU per click\n`,
        );
      }
      ratios.push({
        rate: got.shipped!.written / got.shipped!.seconds / (got.off!.written / got.off!.seconds),
        cpu: got.shipped!.cpuUs / got.off!.cpuUs,
      });
    }
  } finally {
    await database.stop();
  }

  console.log(`\ngeo: ${args.rounds} rounds, flushes of ${args.flushSize} for ${args.duration}s, ${LINKS} links, Node ${process.version}, medians\n`);
  console.log(
    table(
      ['look-up (locate, shipped country database)', 'µs per look-up', 'found'],
      [
        ['random public IPv4', median(micro.map((m) => m.ipv4)).toFixed(2), `${Math.round(median(micro.map((m) => m.found4)) * 100)}%`],
        ['random IPv6 in allocated blocks', median(micro.map((m) => m.ipv6)).toFixed(2), `${Math.round(median(micro.map((m) => m.found6)) * 100)}%`],
      ],
    ),
  );
  console.log('');
  const rate = (r: FlushRound) => r.written / r.seconds;
  const row = (variant: Variant, label: string) => [
    label,
    Math.round(median(results[variant].map(rate))),
    median(results[variant].map((r) => r.cpuUs)).toFixed(1),
    variant === 'off' ? '1.00x' : `${median(ratios.map((r) => r.rate)).toFixed(2)}x`,
    variant === 'off' ? '1.00x' : `${median(ratios.map((r) => r.cpu)).toFixed(2)}x`,
  ];
  console.log(
    table(
      ['flush', 'clicks/s written', 'Node CPU µs per click', 'clicks/s vs off', 'CPU vs off'],
      [row('off', 'GEOIP_DB=off'), row('shipped', 'shipped database (every click looked up)')],
    ),
  );
  const extra = median(results.shipped.map((r) => r.cpuUs)) - median(results.off.map((r) => r.cpuUs));
  console.log(`\ngeolocation adds about ${extra.toFixed(1)} µs of CPU per click written (difference of medians)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import path from 'node:path';
import autocannon from 'autocannon';
import knex from 'knex';
import { listArg, numberArg } from './support/args';
import { benchDatabase, benchWorkspace } from './support/database';
import { median, roundOrder, startTarget, stopTarget, table, targetMemory } from './support/load';

/**
 * The redirect hot path against its baseline, in one run on 127.0.0.1:
 *   1. bare      bare Express + node-cache (the baseline; Shortline's fast lane skips Express, so it can beat it)
 *   2. cache-on  Shortline's GET /:slug, cache on (production config, access log on)
 *   3. cache-off Shortline's GET /:slug, CACHE_ENABLED=off
 *   and cache-on-nolog (ACCESS_LOG=off), to price the access log, and
 *   cache-on-domains: cache-on asked for as many links spread over DOMAINS
 *   verified custom domains (default 10), each request with its domain's Host
 *   cache-on-rules: cache-on asked for as many links with rules, a third each
 *   targeting (OS and language), an A/B split and UTM parameters, by four
 *   kinds of visitor (user agent and Accept-Language)
 *   cache-on-people: cache-on asked for the plain links by the same visitors,
 *   the baseline of cache-on-rules (a person's click costs analytics more
 *   than the agent-less requests of cache-on, which count as bots)
 *   cache-on-unknown: cache-on asked for UNKNOWN_SLUGS (10,000) slugs no link
 *   has: a flood of 404s (Zipf popularity; every one asked once while warming),
 *   with RATE_LIMIT_UNKNOWN_SLUGS off (one address would be refused)
 *   cache-on-nolimits: cache-on with RATE_LIMITS=off, which known links'
 *   redirects must not tell from cache-on
 * over LINKS links (default 100k) requested with Zipf(s=1) popularity. Each
 * target first gets one request for every link (so every link is cached where a
 * cache exists; the process memory is read then), then a measured Zipf window.
 * Database queries per 1000 redirects come from the app's own query metrics,
 * all of them (the click flushes and rollups too), split by module;
 * memory is read after a forced full GC, before and after the pass over all links.
 * "vs bare" is the median of each round's ratio to bare in the same round (the
 * order alternates between rounds), which this noisy machine's drift between
 * rounds does not move the way a ratio of medians is moved.
 *
 *   npm run bench:redirect [-- --links 100000 --domains 10 --rounds 3 --duration 10 --connections 50 --variants bare,cache-on]
 */
const args = parseArgs(process.argv.slice(2));
const allVariants = [
  'bare',
  'cache-on',
  'cache-on-nolog',
  'cache-off',
  'cache-on-domains',
  'cache-on-people',
  'cache-on-rules',
  'cache-on-unknown',
  'cache-on-nolimits',
] as const;
type Variant = (typeof allVariants)[number];
// `--variants bare,cache-on` measures a subset (quicker while tuning); bare is always kept, as the baseline.
const variants = allVariants.filter((v) => v === 'bare' || args.variants === undefined || args.variants.includes(v));

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  queriesPer1000: number;
  /** The same, by the module that issued them (`platform` included). */
  queriesPer1000ByModule: Record<string, number>;
  rssMb: number;
  heapMb: number;
  rssBeforeMb: number;
  heapBeforeMb: number;
  /** This round's req/s over bare's in the same round: pairs cancel the machine's drift between rounds. */
  vsBare: number;
}

async function main(): Promise<void> {
  const database = await benchDatabase();
  try {
    const { slugs, onDomains, ruled } = await prepare(database.url, args.links, args.domains);
    const plain = slugs.map((slug): Request => ({ path: `/${slug}` }));
    // Fewer than the negative entries a cache keeps (a tenth of CACHE_MAX_KEYS): a set of paths probed again and again.
    const unknown = slugs.slice(0, UNKNOWN_SLUGS).map((slug): Request => ({ path: `/u${slug.slice(1)}` }));
    const set = (all: Request[]) => ({ all, zipf: zipfSample(all, 400_000, 1.0) });
    const sets: Record<Variant, { all: Request[]; zipf: Request[] }> = {
      bare: set(plain),
      'cache-on': set(plain),
      'cache-on-nolog': set(plain),
      'cache-off': set(plain),
      'cache-on-domains': set(onDomains),
      'cache-on-people': set(plain.map((request, i) => ({ ...request, headers: VISITORS[i % VISITORS.length] }))),
      'cache-on-rules': set(ruled),
      'cache-on-unknown': set(unknown),
      'cache-on-nolimits': set(plain),
    };
    const results = Object.fromEntries(allVariants.map((v) => [v, [] as Measured[]])) as Record<Variant, Measured[]>;
    for (let round = 1; round <= args.rounds; round++) {
      for (const variant of roundOrder(variants, round)) {
        const target = await startTarget(path.join(__dirname, `redirect-target${path.extname(__filename)}`), [variant], {
          DATABASE_URL: database.url,
        });
        const base = `http://127.0.0.1:${target.port}`;
        const before = await targetMemory(target.child);
        const requests = sets[variant];
        // One request per link: fills the cache (and warms the JIT) before measuring.
        await load(base, requests.all, { amount: requests.all.length });
        const after = await targetMemory(target.child);
        const queriesBefore = await queryCounts(base, variant);
        const result = await load(base, requests.zipf, { duration: args.duration });
        // Every answer must be a redirect (a 404 for unknown slugs): a fast wrong answer is not a result.
        const expected = variant === 'cache-on-unknown' ? result['4xx'] : result['3xx'];
        if (expected !== result.requests.total || result.errors > 0 || result.timeouts > 0) {
          throw new Error(
            `${variant}: ${expected} expected answers of ${result.requests.total} responses, ${result.errors} errors, ${result.timeouts} timeouts`,
          );
        }
        const counted = await queryCounts(base, variant);
        const byModule = Object.fromEntries(
          Object.entries(counted).map(([module, n]) => [module, ((n - (queriesBefore[module] ?? 0)) / result.requests.total) * 1000]),
        );
        const queries = Object.values(counted).reduce((sum, n) => sum + n, 0) - Object.values(queriesBefore).reduce((sum, n) => sum + n, 0);
        await stopTarget(target.child);
        results[variant].push({
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          queriesPer1000: (queries / result.requests.total) * 1000,
          queriesPer1000ByModule: byModule,
          rssMb: after.rssMb,
          heapMb: after.heapMb,
          rssBeforeMb: before.rssMb,
          heapBeforeMb: before.heapMb,
          vsBare: Number.NaN,
        });
        process.stderr.write(`round ${round} ${variant}: ${Math.round(result.requests.average)} req/s, ${queries} queries\n`);
      }
      const bareRps = results.bare[round - 1].rps;
      for (const variant of variants) results[variant][round - 1].vsBare = results[variant][round - 1].rps / bareRps;
    }
    report(results);
  } finally {
    await database.stop();
  }
}

function report(results: Record<Variant, Measured[]>): void {
  const med = (v: Variant, pick: (m: Measured) => number | undefined) => median(results[v].map((m) => pick(m) ?? 0));
  const rows = variants.map((v) => [
    v,
    Math.round(med(v, (m) => m.rps)),
    med(v, (m) => m.p50),
    med(v, (m) => m.p99),
    `${Math.round(med(v, (m) => m.vsBare) * 100)}%`,
    med(v, (m) => m.queriesPer1000).toFixed(2),
  ]);
  console.log(
    `\nredirect: ${args.links} links, Zipf(s=1), ${args.rounds} rounds x ${args.duration}s, ${args.connections} connections, Node ${process.version}, medians\n`,
  );
  console.log(table(['target', 'req/s', 'p50 ms', 'p99 ms', 'vs bare', 'DB queries / 1000 redirects (all)'], rows));
  const modules = [...new Set(variants.flatMap((v) => results[v].flatMap((m) => Object.keys(m.queriesPer1000ByModule))))].sort();
  console.log('\nDB queries / 1000 redirects, by module:\n');
  console.log(
    table(
      ['target', ...modules],
      variants.map((v) => [v, ...modules.map((module) => med(v, (m) => m.queriesPer1000ByModule[module] ?? 0).toFixed(2))]),
    ),
  );
  if (variants.includes('cache-on')) {
    const ratios = results['cache-on'].map((m) => `${Math.round(m.vsBare * 100)}%`).join(', ');
    console.log(
      `\ncache on answers ${Math.round(med('cache-on', (m) => m.vsBare) * 100)}% of bare Express's throughput (target >= 80%); per round: ${ratios}`,
    );
  }
  if (variants.includes('cache-on') && variants.includes('cache-on-domains')) {
    // Per round, as "vs bare": the ratio of the two in the same round.
    const ratio = median(results['cache-on-domains'].map((m, round) => m.rps / results['cache-on'][round].rps));
    console.log(`links on ${args.domains} custom domains answer ${Math.round(ratio * 100)}% of the default domain's cached redirects`);
  }
  if (variants.includes('cache-on-people') && variants.includes('cache-on-rules')) {
    const ratio = median(results['cache-on-rules'].map((m, round) => m.rps / results['cache-on-people'][round].rps));
    console.log(`links with rules answer ${Math.round(ratio * 100)}% of plain cached redirects to the same visitors (target >= 90%)`);
  }
  if (variants.includes('cache-on') && variants.includes('cache-on-nolimits')) {
    const ratio = median(results['cache-on'].map((m, round) => m.rps / results['cache-on-nolimits'][round].rps));
    console.log(
      `known links with the rate limits on answer ${Math.round(ratio * 100)}% of their redirects with RATE_LIMITS=off (target: 100%, within noise)`,
    );
  }
  if (variants.includes('cache-on-unknown')) {
    console.log(`unknown slugs answer ${Math.round(med('cache-on-unknown', (m) => m.vsBare) * 100)}% of bare Express's redirects (target >= 100%)`);
  }
  if (variants.includes('cache-on') && variants.includes('cache-off')) {
    const on = med('cache-on', (m) => m.queriesPer1000);
    const off = med('cache-off', (m) => m.queriesPer1000);
    console.log(`cache on cuts database queries per redirect by ${(100 * (1 - on / off)).toFixed(2)}% vs cache off (target >= 99%)`);
  }
  console.log(`\nprocess memory after a full GC, at start -> after one request per link (${args.links} links):\n`);
  console.log(
    table(
      ['target', 'RSS MB', 'heap used MB'],
      variants.map((v) => [
        v,
        `${med(v, (m) => m.rssBeforeMb).toFixed(0)} -> ${med(v, (m) => m.rssMb).toFixed(0)}`,
        `${med(v, (m) => m.heapBeforeMb).toFixed(0)} -> ${med(v, (m) => m.heapMb).toFixed(0)}`,
      ]),
    ),
  );
}

const UNKNOWN_SLUGS = 10_000;

/** One request: its path, the Host it names when not the target's address (a custom domain), and other headers. */
interface Request {
  path: string;
  host?: string;
  headers?: Record<string, string>;
}

/** The visitors of links with rules: phones and desktops, German and English. */
const VISITORS: Record<string, string>[] = [
  {
    'user-agent':
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
    'accept-language': 'en-US,en;q=0.9',
  },
  {
    'user-agent': 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
    'accept-language': 'de-DE,de;q=0.9',
  },
  { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0', 'accept-language': 'de-AT,de;q=0.8' },
  {
    'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
    'accept-language': 'en-GB,en;q=0.9',
  },
];

/**
 * Migrates, creates a workspace and inserts directly (setup speed; the API is
 * measured elsewhere) `count` links on the default domain, `domains`
 * verified custom domains, and `count` more links spread over them (the
 * same slugs, so only the Host tells them apart).
 */
async function prepare(url: string, count: number, domains: number): Promise<{ slugs: string[]; onDomains: Request[]; ruled: Request[] }> {
  const { workspaceId } = await benchWorkspace(url);
  const db = knex({ client: 'pg', connection: url });
  const hostOf = (i: number) => `d${i % domains}.bench.example`;
  try {
    await db.raw(
      `insert into links.links (workspace_id, slug, url)
       select ?, 'b' || lpad(i::text, 7, '0'), 'https://example.com/page/' || i from generate_series(1, ?) as i`,
      [workspaceId, count],
    );
    await db.raw(
      `insert into domains.domains (workspace_id, hostname, status, verification_token, verified_at)
       select ?, 'd' || i || '.bench.example', 'verified', md5(i::text), now() from generate_series(0, ? - 1) as i`,
      [workspaceId, domains],
    );
    await db.raw(
      `insert into links.links (workspace_id, domain, slug, url)
       select ?, 'd' || (i % ?) || '.bench.example', 'b' || lpad(i::text, 7, '0'), 'https://example.com/domain-page/' || i
       from generate_series(1, ?) as i`,
      [workspaceId, domains, count],
    );
    // Links with rules, as the API stores them (rules/link-rules.ts): a third each targeting, an A/B split, UTM.
    await db.raw(
      `insert into links.links (workspace_id, slug, url, rules)
       select ?, 'r' || lpad(i::text, 7, '0'), 'https://example.com/ruled/' || i,
         case i % 3
           when 0 then jsonb_build_object('targeting', jsonb_build_array(
               jsonb_build_object('url', 'https://apps.apple.com/app/id' || i, 'os', jsonb_build_array('ios')),
               jsonb_build_object('url', 'https://example.com/de/' || i, 'language', jsonb_build_array('de'))),
             'variants', '[]'::jsonb, 'utm', null, 'socialPreview', null)
           when 1 then jsonb_build_object('targeting', '[]'::jsonb, 'variants', jsonb_build_array(
               jsonb_build_object('name', 'a', 'url', 'https://example.com/a/' || i, 'weight', 50),
               jsonb_build_object('name', 'b', 'url', 'https://example.com/b/' || i, 'weight', 50)),
             'utm', null, 'socialPreview', null)
           else jsonb_build_object('targeting', '[]'::jsonb, 'variants', '[]'::jsonb,
             'utm', jsonb_build_object('source', 'bench', 'campaign', 'c' || i), 'socialPreview', null)
         end
       from generate_series(1, ?) as i`,
      [workspaceId, count],
    );
    await db.raw('analyze links.links');
  } finally {
    await db.destroy();
  }
  const slugs = Array.from({ length: count }, (_, i) => `b${String(i + 1).padStart(7, '0')}`);
  const ruled = slugs.map((slug, i): Request => ({ path: `/r${slug.slice(1)}`, headers: VISITORS[i % VISITORS.length] }));
  return { slugs, onDomains: slugs.map((slug, i) => ({ path: `/${slug}`, host: hostOf(i + 1) })), ruled };
}

/** `n` requests whose popularity follows Zipf(s): rank r is requested in proportion to 1/r^s. Deterministic. */
function zipfSample(slugs: Request[], n: number, s: number): Request[] {
  const weights = slugs.map((_, i) => 1 / Math.pow(i + 1, s));
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) cumulative.push((total += w));
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: n }, () => {
    const x = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return slugs[lo];
  });
}

function load(base: string, paths: Request[], limit: { amount?: number; duration?: number }): Promise<autocannon.Result> {
  let next = 0;
  return autocannon({
    url: base,
    connections: args.connections,
    ...limit,
    requests: [
      {
        setupRequest: (request) => {
          const { path, host, headers } = paths[next++ % paths.length];
          request.path = path;
          if (host !== undefined || headers !== undefined)
            request.headers = { ...request.headers, ...headers, ...(host === undefined ? {} : { host }) };
          return request;
        },
      },
    ],
  });
}

/** Queries the target has made so far, by module (every outcome counted). */
async function queryCounts(base: string, variant: Variant): Promise<Record<string, number>> {
  if (variant === 'bare') return { bare: ((await (await fetch(`${base}/bench/queries`)).json()) as { queries: number }).queries };
  const text = await (await fetch(`${base}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const [, module, n] of text.matchAll(/^shortline_db_query_duration_seconds_count\{module="([^"]+)",outcome="[^"]+"\} (\S+)/gm)) {
    counts[module] = (counts[module] ?? 0) + Number(n);
  }
  return counts;
}

function parseArgs(argv: string[]) {
  return {
    variants: listArg(argv, 'variants'),
    links: numberArg(argv, 'links', 100_000),
    domains: numberArg(argv, 'domains', 10),
    rounds: numberArg(argv, 'rounds', 3),
    duration: numberArg(argv, 'duration', 10),
    connections: numberArg(argv, 'connections', 50),
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

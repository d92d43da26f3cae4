import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import knex from 'knex';
import { loadConfig } from '../../src/app/config';
import { freePort } from '../../src/shared/db/embedded';
import { createLogger } from '../../src/shared/logging';
import { createMetrics } from '../../src/shared/metrics';
import { createRateLimits, type RateLimits } from '../../src/shared/ratelimit';
import { numberArg } from './support/args';
import { benchDatabase, benchWorkspace } from './support/database';
import { median, roundOrder, runLoad, startTarget, stopTarget, table, type Round } from './support/load';

/**
 * What a rate limit costs an API read: `GET /v1/links?limit=1` with one API
 * key, through Shortline as deployed, with the limits off (the baseline) and
 * counted in memory, in PostgreSQL (platform.rate_limits, the default) and in
 * Redis (a redis-server this run starts on 127.0.0.1), in one run on
 * 127.0.0.1. The key's limit is set too high to refuse anything: every request
 * is counted, none refused. One key is the worst case for the postgres store:
 * every request updates the same row. Each round measures every target, in an
 * order reversed every other round; "vs off" is the median of each round's
 * ratio to off in the same round.
 *
 * Then, without HTTP, what one count costs by itself: COUNTS counts of one
 * key, in process, one at a time (the store's round trip) and 50 at a time
 * (its throughput), per store. Through HTTP the machine's noise can hide a
 * cost of this size; alone it cannot.
 *
 *   npm run bench:rate-limit [-- --rounds 3 --duration 10 --connections 50]
 *
 * Needs redis-server on the PATH (the Debian package redis-server).
 */
const args = parseArgs(process.argv.slice(2));
const variants = ['off', 'memory', 'postgres', 'redis'] as const;
type Variant = (typeof variants)[number];

async function main(): Promise<void> {
  const database = await benchDatabase();
  const redis = await startRedis();
  try {
    const key = (await benchWorkspace(database.url)).apiKey;
    const rounds: Record<Variant, Round>[] = [];
    for (let round = 1; round <= args.rounds; round++) {
      const results = {} as Record<Variant, Round>;
      for (const variant of roundOrder(variants, round)) {
        const target = await startTarget(path.join(__dirname, `rate-limit-target${path.extname(__filename)}`), [variant], {
          DATABASE_URL: database.url,
          REDIS_URL: redis.url,
        });
        const url = `http://127.0.0.1:${target.port}/v1/links?limit=1`;
        const headers = { authorization: `Bearer ${key}` };
        // A limited variant must really count: its answers carry the RateLimit field (a failing store would send none).
        const probe = await fetch(url, { headers });
        if (probe.status !== 200 || (variant !== 'off') !== probe.headers.has('ratelimit')) {
          throw new Error(`${variant}: ${probe.status}, RateLimit ${probe.headers.get('ratelimit') ?? 'absent'}`);
        }
        await runLoad({ url, headers, connections: args.connections, durationSeconds: 2 }); // warm-up
        const measured = await runLoad({ url, headers, connections: args.connections, durationSeconds: args.duration });
        if (measured.non2xx > 0 || measured.errors > 0) throw new Error(`${variant}: ${measured.non2xx} non-2xx, ${measured.errors} errors`);
        results[variant] = measured;
        await stopTarget(target.child);
        process.stderr.write(`round ${round} ${variant}: ${Math.round(measured.requestsPerSecond)} req/s\n`);
      }
      rounds.push(results);
    }
    report(rounds);
    await countAlone(database.url, redis.url);
  } finally {
    await redis.stop();
    await database.stop();
  }
}

function report(rounds: Record<Variant, Round>[]): void {
  const med = (variant: Variant, pick: (round: Round) => number) => median(rounds.map((results) => pick(results[variant])));
  const vsOff = (variant: Variant) => median(rounds.map((results) => results[variant].requestsPerSecond / results.off.requestsPerSecond));
  // What the limit adds to each request, from the throughput: 1/rps per connection-second, as mean service time.
  const addedMs = (variant: Variant) =>
    median(
      rounds.map(
        (results) => (args.connections * 1000) / results[variant].requestsPerSecond - (args.connections * 1000) / results.off.requestsPerSecond,
      ),
    );
  const rows = variants.map((variant) => [
    variant,
    Math.round(med(variant, (r) => r.requestsPerSecond)),
    med(variant, (r) => r.p50Ms),
    med(variant, (r) => r.p99Ms),
    `${Math.round(vsOff(variant) * 100)}%`,
    variant === 'off' ? '' : addedMs(variant).toFixed(2),
  ]);
  console.log(
    `\nrate-limit: GET /v1/links?limit=1, one API key, ${args.rounds} rounds x ${args.duration}s, ${args.connections} connections, Node ${process.version}, medians\n`,
  );
  console.log(table(['limits', 'req/s', 'p50 ms', 'p99 ms', 'vs off', 'added latency ms (at this load)'], rows));
}

const COUNTS = 5000;

/** Each store's count on its own: microseconds per count, one at a time and 50 in flight, medians of 3 runs. */
async function countAlone(databaseUrl: string, redisUrl: string): Promise<void> {
  const rows: (string | number)[][] = [];
  for (const store of ['memory', 'postgres', 'redis'] as const) {
    const config = loadConfig({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, RATE_LIMIT_STORE: store, RATE_LIMIT_API_KEY: '9999999/1h' });
    const db = knex({ client: 'pg', connection: databaseUrl, pool: { min: 1, max: 10 } });
    const limits: RateLimits = createRateLimits({
      settings: config.rateLimits,
      db,
      logger: createLogger({ level: 'silent', format: 'json' }),
      metrics: createMetrics(),
    });
    const limit = limits.callers.apiKey!;
    const timed = async (inFlight: number): Promise<number> => {
      const runs: number[] = [];
      for (let run = 0; run < 3; run++) {
        const key = `bench-${store}-${inFlight}-${run}`;
        const started = process.hrtime.bigint();
        await Promise.all(
          Array.from({ length: inFlight }, async () => {
            for (let i = 0; i < COUNTS / inFlight; i++) {
              const verdict = await limit.consume(key);
              if (!verdict.allowed || verdict.unknown) throw new Error(`${store}: a count failed or refused`);
            }
          }),
        );
        runs.push(Number(process.hrtime.bigint() - started) / 1000 / COUNTS);
      }
      return median(runs);
    };
    await limits.start();
    if ((await limit.consume('ready')).unknown) throw new Error(`${store}: the store does not answer`);
    await timed(10); // warm-up: connections, prepared statements, the script
    rows.push([store, (await timed(1)).toFixed(1), (await timed(50)).toFixed(1)]);
    await limits.stop();
    await db.destroy();
  }
  console.log(`\none count alone, in process, ${COUNTS} counts of one key, medians of 3 runs:\n`);
  console.log(table(['store', 'µs per count, one at a time', 'µs per count, 50 in flight'], rows));
}

/** A throwaway redis-server on a free port of 127.0.0.1, without persistence. */
async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  for (let tries = 0; !(await answers(port)); tries++) {
    if (tries > 100 || child.exitCode !== null) throw new Error('redis-server did not start: is it installed (apt-get install redis-server)?');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      child.kill();
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function parseArgs(argv: string[]): { rounds: number; duration: number; connections: number } {
  return { rounds: numberArg(argv, 'rounds', 3), duration: numberArg(argv, 'duration', 10), connections: numberArg(argv, 'connections', 50) };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

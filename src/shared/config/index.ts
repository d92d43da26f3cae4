import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { geolocationSettings } from '../geo/settings';
import { rateLimitSettings } from '../ratelimit/settings';
import { ConfigError, defineSettings, readAll, variable, type Env } from './settings';

/**
 * The platform's own settings: server, database, logs, deployment, cache,
 * outbound calls, jobs and geolocation (declared in src/shared/geo). Each module declares its settings beside its code
 * (its settings.ts); the composition root reads both (src/app/config.ts).
 * Nothing else in the code base touches `process.env`.
 */

export { ConfigError, defineSettings, readAll, variable, type Env, type SettingsDeclaration, type Variable } from './settings';

/** The shard name of the DATABASE_URL database, which also holds the directories of workspaces and slugs. */
export const MAIN_SHARD = 'main';

export const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
export const onOff = z.enum(['on', 'off']).transform((v) => v === 'on');
export const optionalSecret = z
  .string()
  .min(16, 'must be at least 16 characters')
  .optional()
  .or(z.literal('').transform(() => undefined));

const byteSize = z
  .string()
  .regex(/^\d+(b|kb|mb)$/i, 'must be a size such as 512kb or 1mb')
  .transform((s) => s.toLowerCase());

/** `512kb` → 524288. */
function bytes(size: string): number {
  const [, n, unit] = /^(\d+)(b|kb|mb)$/.exec(size)!;
  return Number(n) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
}

/** A size such as `512kb` or `100mb`, read as a number of bytes. */
export const byteCount = byteSize.transform(bytes);

const addressList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((a) => a.trim())
      .filter((a) => a.length > 0),
  )
  .refine(
    (list) => list.every((entry) => isAddressOrRange(entry)),
    'must be a comma-separated list of IP addresses or CIDR ranges, e.g. 127.0.0.1,::1,10.0.0.0/8',
  );

function isAddressOrRange(entry: string): boolean {
  const [address, prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

const commaList = (s: string) =>
  s
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');

const baseUrl = (message: string) =>
  z
    .url({ protocol: /^https?$/, message })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional()
    .or(z.literal('').transform(() => undefined));

const server = defineSettings({
  title: 'Server',
  variables: {
    NODE_ENV: variable(z.enum(['development', 'production', 'test']), {
      default: 'development',
      doc: '`production` makes logs JSON lines by default.',
    }),
    HOST: variable(z.string().min(1), { default: '0.0.0.0', doc: 'Address the HTTP server listens on.' }),
    PORT: variable(integer(0, 65535), { default: '3000', doc: 'HTTP port; 0 picks a free port.' }),
    PUBLIC_BASE_URL: variable(
      z
        .url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL such as https://sho.rt' })
        .refine(
          (u) => new URL(u).origin === u.replace(/\/$/, ''),
          'must be an origin such as https://sho.rt, without path, query, fragment or credentials',
        )
        .transform((u) => u.replace(/\/+$/, ''))
        .optional(),
      {
        example: 'https://sho.rt',
        doc: 'Base of every short URL (`shortUrl`): an `http` or `https` origin without path, query, fragment or credentials (short links live at its root); a trailing slash is dropped. Links may not point at it. Unset: `http://localhost:<PORT>`. Set it in production.',
      },
    ),
    TRUST_PROXY: variable(z.string().regex(/^(off|on|\d{1,2})$/, 'must be off, on, or the number of proxy hops in front of Shortline'), {
      default: 'off',
      doc: "Which `X-Forwarded-For` hops to trust for the client IP: `off`, `on` (all), or the number of proxies in front of Shortline (0–99). The IP goes only into each click's visitor hash (unique visitors) and its geolocation (`GEOIP_DB`); it is not stored.",
    }),
    BODY_LIMIT: variable(byteSize, { default: '1mb', doc: 'Largest accepted JSON request body, as `<number>b`, `kb` or `mb`.' }),
    METRICS_TOKEN: variable(optionalSecret, {
      secret: true,
      doc: 'When set, `GET /metrics` needs `Authorization: Bearer <token>`. Required in production unless `METRICS_OPEN=on`.',
    }),
    METRICS_OPEN: variable(onOff, {
      default: 'off',
      doc: '`on`: with `NODE_ENV=production`, start although `METRICS_TOKEN` is unset, serving `/metrics` to anyone who reaches it (only where a private network or the proxy keeps it in).',
    }),
    HTTP_HEADERS_TIMEOUT_MS: variable(integer(1000, 600_000), {
      default: '10000',
      doc: "Longest a client may take to send a request's headers; then the connection is closed (a slow-header client).",
    }),
    HTTP_REQUEST_TIMEOUT_MS: variable(integer(1000, 3_600_000), {
      default: '30000',
      doc: 'Longest a client may take to send a whole request, headers and body (a slow-body client gets 408). Raise it for large imports over slow links.',
    }),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: variable(integer(1000, 600_000), {
      default: '65000',
      doc: "How long an idle keep-alive connection stays open; longer than the proxy's idle timeout (60 s on most), so the proxy closes first.",
    }),
    HTTP_MAX_CONNECTIONS: variable(integer(1, 1_000_000), {
      default: '4096',
      doc: "Open connections one server process accepts; more are closed at once. Keep it below the process's open-file limit (`ulimit -n`), which the database pool and logs share.",
    }),
    SHUTDOWN_TIMEOUT_MS: variable(integer(0, 600_000), {
      default: '10000',
      doc: 'How long shutdown waits for in-flight requests before cutting connections.',
    }),
    WEB_CONCURRENCY: variable(
      z
        .string()
        .regex(/^(auto|\d{1,3})$/, 'must be a number of processes (1-256) or auto (one per CPU core)')
        .refine((v) => v === 'auto' || (Number(v) >= 1 && Number(v) <= 256), 'must be between 1 and 256, or auto'),
      {
        default: '1',
        doc: 'Server processes sharing the port (1–256, or `auto`: one per CPU core); above 1, `npm start` runs a cluster.',
      },
    ),
  },
  check: (e) => [
    ...(e.NODE_ENV === 'production' && e.METRICS_TOKEN === undefined && !e.METRICS_OPEN
      ? [
          'METRICS_TOKEN: must be set in production: /metrics tells anyone who reaches it your traffic, routes and errors. Or set METRICS_OPEN=on where only a private network reaches it (got nothing)',
        ]
      : []),
    ...(e.HTTP_HEADERS_TIMEOUT_MS > e.HTTP_REQUEST_TIMEOUT_MS
      ? [`HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS (${e.HTTP_REQUEST_TIMEOUT_MS}) (got ${e.HTTP_HEADERS_TIMEOUT_MS})`]
      : []),
  ],
  build: (e) => ({
    env: e.NODE_ENV,
    http: {
      host: e.HOST,
      port: e.PORT,
      bodyLimit: e.BODY_LIMIT,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
      limits: {
        headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
        requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
        keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
        maxConnections: e.HTTP_MAX_CONNECTIONS,
      },
      processes: e.WEB_CONCURRENCY === 'auto' ? os.availableParallelism() : Number(e.WEB_CONCURRENCY),
    },
    metricsToken: e.METRICS_TOKEN,
    publicBaseUrl: e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`,
    trustProxy: e.TRUST_PROXY === 'off' ? false : e.TRUST_PROXY === 'on' ? true : Number(e.TRUST_PROXY),
  }),
});

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection URL');

const database = defineSettings({
  title: 'Database',
  variables: {
    DATABASE_URL: variable(postgresUrl.optional().or(z.literal('').transform(() => undefined)), {
      secret: true,
      example: 'postgres://user:password@localhost:5432/shortline',
      doc: '`postgres://` or `postgresql://` connection URL. Unset: start the embedded PostgreSQL under `DATA_DIR`.',
    }),
    DATA_DIR: variable(z.string().min(1), {
      default: '.data',
      doc: 'Where the embedded database (`<DATA_DIR>/postgres`) and the development key (`<DATA_DIR>/dev-api-key`) live.',
    }),
    EMBEDDED_PG_PORT: variable(integer(1024, 65535).optional(), {
      example: '15432',
      doc: "Port of the embedded database. Unset: 15432–16431, derived from `DATA_DIR`'s absolute path, so two checkouts do not collide.",
    }),
    PG_BIN_DIR: variable(z.string().min(1).optional(), {
      example: '/usr/lib/postgresql/18/bin',
      doc: "Where `pg_dump` and `pg_restore` are, for `npm run cli -- backup` and `restore` (docs/backup.md). Unset: the newest found on `PATH` or in `/usr/lib/postgresql/<version>/bin`; they must be at least the server's major version.",
    }),
    DB_POOL_MIN: variable(integer(0, 100), { default: '0', doc: 'Minimum pool connections (not above `DB_POOL_MAX`).' }),
    DB_POOL_MAX: variable(integer(1, 200), { default: '10', doc: 'Maximum pool connections.' }),
    DB_STATEMENT_TIMEOUT_MS: variable(integer(0, 3_600_000), {
      default: '5000',
      doc: 'PostgreSQL `statement_timeout` for every pool connection; the server cancels longer statements. 0 disables it.',
    }),
    DB_CONNECT_TIMEOUT_MS: variable(integer(100, 120_000), {
      default: '5000',
      doc: 'Timeout for opening a connection and for waiting for a free pool connection.',
    }),
    DB_SLOW_QUERY_MS: variable(integer(0, 3_600_000), {
      default: '200',
      doc: 'Queries at least this slow are logged with their SQL, never their parameters. 0 logs every query.',
    }),
    DATABASE_REPLICA_URLS: variable(
      z
        .string()
        .transform(commaList)
        .pipe(z.array(z.string().regex(/^postgres(ql)?:\/\//, 'must be a comma-separated list of postgres:// connection URLs'))),
      {
        default: '',
        secret: true,
        example: 'postgres://user:password@replica-1:5432/shortline',
        doc: "Comma-separated URLs of streaming replicas of `DATABASE_URL`. Lists, single-link reads, redirect cache loads and stats go to a replica in rotation; writes and a workspace's reads right after its own writes stay on the primary.",
      },
    ),
    REPLICA_MAX_LAG_MS: variable(integer(100, 60_000), {
      default: '5000',
      doc: 'A replica further behind the primary than this, or not answering, is out of rotation until it catches up.',
    }),
    REPLICA_CHECK_INTERVAL_MS: variable(integer(50, 10_000), {
      default: '250',
      doc: "How often each replica's replay position is compared with the primary's (below `REPLICA_MAX_LAG_MS`).",
    }),
    SHARDS: variable(
      z
        .string()
        .transform(commaList)
        .pipe(
          z.array(
            z
              .string()
              .regex(
                /^[a-z][a-z0-9_]{0,30}=postgres(ql)?:\/\//,
                'must be a comma-separated list of name=postgres://... entries, e.g. s1=postgres://db2/shortline (names: lower-case letters, digits, _)',
              )
              .transform((entry) => ({ name: entry.slice(0, entry.indexOf('=')), url: entry.slice(entry.indexOf('=') + 1) })),
          ),
        )
        .refine((shards) => shards.every((shard) => shard.name !== MAIN_SHARD), `must not name a shard "main": that is the DATABASE_URL database`)
        .refine((shards) => new Set(shards.map((shard) => shard.name)).size === shards.length, 'must not name a shard twice'),
      {
        default: '',
        secret: true,
        example: 's1=postgres://user:password@db-2:5432/shortline',
        doc: "More databases for workspaces' data beside `DATABASE_URL` (shard `main`): comma-separated `name=postgres://...` entries, names of lower-case letters, digits and `_`. New workspaces go to the shard with the fewest; `npm run cli -- workspace:move <id> <shard>` moves one. Not combined with `MODULES` or `DATABASE_REPLICA_URLS` in this version.",
      },
    ),
  },
  check: (e) => [
    ...(e.REPLICA_CHECK_INTERVAL_MS >= e.REPLICA_MAX_LAG_MS
      ? [
          `REPLICA_CHECK_INTERVAL_MS: must be below REPLICA_MAX_LAG_MS (${e.REPLICA_MAX_LAG_MS}): lag is measured in steps of the interval (got ${e.REPLICA_CHECK_INTERVAL_MS})`,
        ]
      : []),
    ...(e.DB_POOL_MIN > e.DB_POOL_MAX ? [`DB_POOL_MIN: must not exceed DB_POOL_MAX (${e.DB_POOL_MAX}) (got ${e.DB_POOL_MIN})`] : []),
  ],
  build: (e) => ({
    db: {
      url: e.DATABASE_URL,
      poolMin: e.DB_POOL_MIN,
      poolMax: e.DB_POOL_MAX,
      statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
      connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
      slowQueryMs: e.DB_SLOW_QUERY_MS,
      replicaUrls: e.DATABASE_REPLICA_URLS,
      replicaMaxLagMs: e.REPLICA_MAX_LAG_MS,
      replicaCheckIntervalMs: e.REPLICA_CHECK_INTERVAL_MS,
      shards: e.SHARDS,
    },
    embedded: { dataDir: path.resolve(e.DATA_DIR), port: e.EMBEDDED_PG_PORT ?? defaultEmbeddedPort(e.DATA_DIR) },
    pgBinDir: e.PG_BIN_DIR,
  }),
});

const logging = defineSettings({
  title: 'Logs',
  variables: {
    LOG_LEVEL: variable(z.enum(['error', 'warn', 'info', 'debug', 'silent']), { default: 'info', doc: 'The least severe level written.' }),
    LOG_FORMAT: variable(z.enum(['json', 'pretty']).optional(), { example: 'json', doc: 'Unset: `json` in production, `pretty` otherwise.' }),
    ACCESS_LOG: variable(onOff, { default: 'on', doc: 'One access-log line per request.' }),
  },
  build: (e) => ({ level: e.LOG_LEVEL, format: e.LOG_FORMAT, accessLog: e.ACCESS_LOG }),
});

const deployment = defineSettings({
  title: 'Deployment: modules and processes',
  variables: {
    MODULES: variable(
      z
        .string()
        .regex(/^[a-z]+(,[a-z]+)*$/, 'must be a comma-separated list of module names, e.g. identity,domains,links')
        .transform((s) => s.split(','))
        .optional(),
      {
        example: 'identity,domains,links',
        doc: 'Comma-separated modules this process runs. Unset: all. Unknown names, or a module without the modules it depends on, stop start-up. Without `analytics`, redirects record no clicks.',
      },
    ),
    ANALYTICS_URL: variable(baseUrl('must be the http(s) base URL of the process running analytics, e.g. http://analytics:3000'), {
      secret: true,
      example: 'http://analytics:3000',
      doc: 'In a process that runs links but not analytics: the base URL of the process running analytics. Each click flush is sent to it.',
    }),
    CORE_URL: variable(baseUrl('must be the http(s) base URL of the process running identity and links, e.g. http://core:3000'), {
      secret: true,
      example: 'http://core:3000',
      doc: 'In a process that runs analytics alone (`MODULES=analytics`): the base URL of the process running identity and links, which authenticates its API keys and answers its link look-ups.',
    }),
    INTERNAL_TOKEN: variable(optionalSecret, {
      secret: true,
      doc: 'Shared secret (the same in every process) of the `/internal` routes processes call each other on; required with `ANALYTICS_URL` or `CORE_URL`. Without it no `/internal` route exists. Do not expose `/internal` through the proxy.',
    }),
  },
  check: (e) =>
    (e.ANALYTICS_URL !== undefined || e.CORE_URL !== undefined) && e.INTERNAL_TOKEN === undefined
      ? [
          'INTERNAL_TOKEN: must be set (the same value in every process) when ANALYTICS_URL or CORE_URL is: it authenticates the calls between them (got nothing)',
        ]
      : [],
  build: (e) => ({
    modules: e.MODULES,
    remote: { analyticsUrl: e.ANALYTICS_URL, coreUrl: e.CORE_URL, internalToken: e.INTERNAL_TOKEN },
  }),
});

const cache = defineSettings({
  title: 'Cache',
  variables: {
    CACHE_ENABLED: variable(onOff, {
      default: 'on',
      doc: '`off`: every redirect, API-key look-up and stats request queries the database (no cache at all).',
    }),
    CACHE_TTL_S: variable(integer(1, 86_400), {
      default: '3600',
      doc: 'Seconds a redirect entry stays fresh, plus up to 10%. Writes invalidate entries in every process at once; the TTL only bounds what a process whose invalidation listener is down can miss.',
    }),
    CACHE_NEGATIVE_TTL_S: variable(integer(0, 3600), {
      default: '10',
      doc: 'Seconds an unknown API key or host is remembered as unknown (0: not cached at all). An unknown slug is remembered for `CACHE_TTL_S`, as a known one: every create invalidates its slug in every process.',
    }),
    CACHE_STALE_S: variable(integer(0, 604_800), {
      default: '3600',
      doc: 'Seconds an expired cache entry is kept, to be served if reloading it fails because the database is unreachable.',
    }),
    CACHE_MAX_KEYS: variable(integer(100, 10_000_000), {
      default: '200000',
      doc: 'Entries per cache; beyond it the entry stored longest ago is evicted. A cached plain link takes about 250 bytes of heap: a million, about 250 MB per process (docs/PERFORMANCE.md).',
    }),
    CACHE_LOAD_TIMEOUT_MS: variable(integer(50, 60_000), {
      default: '1000',
      doc: 'How long a cache miss waits for the database before failing (a 503) or serving a stale entry. A stats request waits up to 10 s instead.',
    }),
  },
  build: (e) => ({
    enabled: e.CACHE_ENABLED,
    ttlSeconds: e.CACHE_TTL_S,
    negativeTtlSeconds: e.CACHE_NEGATIVE_TTL_S,
    staleSeconds: e.CACHE_STALE_S,
    maxKeys: e.CACHE_MAX_KEYS,
    loadTimeoutMs: e.CACHE_LOAD_TIMEOUT_MS,
  }),
});

const outbound = defineSettings({
  title: 'Outbound calls (webhooks, link previews)',
  variables: {
    OUTBOUND_ALLOW: variable(addressList, {
      default: '',
      example: '127.0.0.1,::1',
      doc: 'Addresses or CIDR ranges that calls leaving the process may reach although they are loopback, private, link-local, multicast or reserved, comma-separated (e.g. `127.0.0.1,::1` for receivers on this machine). Empty: none.',
    }),
    OUTBOUND_CONNECT_TIMEOUT_MS: variable(integer(50, 120_000), {
      default: '3000',
      doc: 'Longest an outbound call may take to connect: DNS, TCP and, for https, TLS (never more than `OUTBOUND_TIMEOUT_MS`).',
    }),
    OUTBOUND_TIMEOUT_MS: variable(integer(100, 120_000), {
      default: '10000',
      doc: 'Longest one outbound call may take, connecting, sending and receiving together.',
    }),
    OUTBOUND_MAX_RESPONSE: variable(byteSize, { default: '256kb', doc: 'Most of a response an outbound call reads (`b`, `kb`, `mb`).' }),
    OUTBOUND_HOST_CONCURRENCY: variable(integer(1, 1000), {
      default: '2',
      doc: 'Calls in flight to one host (bulkhead). Beyond it a call is refused at once, so a slow host holds at most this many job slots.',
    }),
    OUTBOUND_TOTAL_CONCURRENCY: variable(integer(1, 10_000), { default: '64', doc: 'Calls in flight to all hosts together.' }),
    // Below 1: a share of 1 could never be exceeded (cockatiel refuses it).
    OUTBOUND_BREAKER_FAILURE_RATIO: variable(z.coerce.number().gt(0).lt(1), {
      default: '0.5',
      doc: "A host's circuit opens when more than this share of its calls over the window failed (errors, timeouts, 408, 429, 5xx; a name that does not resolve or a refused address does not count)...",
    }),
    OUTBOUND_BREAKER_WINDOW_MS: variable(integer(100, 3_600_000), { default: '30000', doc: '...over this window...' }),
    OUTBOUND_BREAKER_MIN_CALLS: variable(integer(1, 100_000), { default: '5', doc: '...once it had at least this many calls in the window.' }),
    OUTBOUND_BREAKER_HALF_OPEN_MS: variable(integer(10, 3_600_000), {
      default: '30000',
      doc: 'How long an open circuit refuses calls before one probe may try the host.',
    }),
  },
  build: (e) => ({
    allow: e.OUTBOUND_ALLOW,
    // Never longer than the whole call may take.
    connectTimeoutMs: Math.min(e.OUTBOUND_CONNECT_TIMEOUT_MS, e.OUTBOUND_TIMEOUT_MS),
    timeoutMs: e.OUTBOUND_TIMEOUT_MS,
    maxResponseBytes: bytes(e.OUTBOUND_MAX_RESPONSE),
    perHostConcurrency: e.OUTBOUND_HOST_CONCURRENCY,
    totalConcurrency: e.OUTBOUND_TOTAL_CONCURRENCY,
    breaker: {
      failureRatio: e.OUTBOUND_BREAKER_FAILURE_RATIO,
      windowMs: e.OUTBOUND_BREAKER_WINDOW_MS,
      minimumCalls: e.OUTBOUND_BREAKER_MIN_CALLS,
      halfOpenAfterMs: e.OUTBOUND_BREAKER_HALF_OPEN_MS,
    },
  }),
});

const jobs = defineSettings({
  title: 'Background jobs',
  variables: {
    WORKER: variable(z.enum(['inline', 'off']), {
      default: 'inline',
      doc: '`inline`: this process also runs background jobs; `off`: web only, jobs run in `npm run worker` processes.',
    }),
    WORKER_CONCURRENCY: variable(integer(1, 1000), { default: '4', doc: 'Jobs one process runs at once.' }),
    WORKER_POLL_INTERVAL_MS: variable(integer(100, 600_000), {
      default: '1000',
      doc: 'How often a worker looks for due jobs when no notification arrived. Jobs due later than they were added (the click rollup) and the next job of a named queue are found only by this poll.',
    }),
    WORKER_LOCAL_QUEUE_SIZE: variable(integer(0, 10_000), {
      default: '0',
      doc: "Jobs fetched and locked per batch (graphile-worker's `localQueue`); `0` turns it off. About 8x the throughput (`bench:jobs`), but with graphile-worker 0.17 a local queue can run several jobs of one named queue at once, and a worker that dies keeps the jobs it fetched locked for four hours: off by default.",
    }),
    WORKER_COMPLETE_BATCH_DELAY_MS: variable(integer(0, 10_000), {
      default: '0',
      doc: "Write job completions and failures in batches after this many ms (0: what finishes in the same tick). Always batched: graphile-worker 0.17's one-write-per-job mode lets a database outage crash the process.",
    }),
    WORKER_SHUTDOWN_TIMEOUT_MS: variable(integer(0, 600_000), {
      default: '10000',
      doc: 'How long shutdown waits for running jobs; jobs cut off are retried later.',
    }),
  },
  build: (e) => ({
    mode: e.WORKER,
    concurrency: e.WORKER_CONCURRENCY,
    pollIntervalMs: e.WORKER_POLL_INTERVAL_MS,
    localQueueSize: e.WORKER_LOCAL_QUEUE_SIZE,
    completeBatchDelayMs: e.WORKER_COMPLETE_BATCH_DELAY_MS,
    shutdownTimeoutMs: e.WORKER_SHUTDOWN_TIMEOUT_MS,
  }),
});

/** The platform's settings groups, in the order the reference lists them. */
export const platformSettings = {
  server,
  database,
  logging,
  deployment,
  cache,
  outbound,
  jobs,
  geolocation: geolocationSettings,
  rateLimits: rateLimitSettings,
};

type Platform = ReturnType<typeof readPlatform>;
const readPlatform = (env: Env) => readAll(platformSettings, env);

export interface Config {
  env: 'development' | 'production' | 'test';
  http: Platform['server']['http'];
  db: Platform['database']['db'];
  embedded: Platform['database']['embedded'];
  /** Where pg_dump and pg_restore are (backup, restore); undefined: looked for. */
  pgBinDir: string | undefined;
  log: { level: Platform['logging']['level']; format: 'json' | 'pretty'; accessLog: boolean };
  metricsToken: string | undefined;
  /** Undefined means every registered module. */
  modules: string[] | undefined;
  /**
   * Modules this process does not run, reached over HTTP instead (see the
   * extraction docs): analytics at `analyticsUrl`; identity and links at
   * `coreUrl`. `internalToken` authenticates those calls both ways; without
   * it no /internal route is served.
   */
  remote: Platform['deployment']['remote'];
  /** Base of every short URL, without trailing slash. */
  publicBaseUrl: string;
  /** Express 'trust proxy': false, true, or a hop count; decides the client IP recorded with clicks. */
  trustProxy: boolean | number;
  /** Calls leaving the process (webhooks, link previews); see src/shared/outbound. */
  outbound: Platform['outbound'];
  /** inline: this process also runs jobs; off: web only (`npm run worker` runs them). */
  jobs: Platform['jobs'];
  cache: Platform['cache'];
  /** Where clicks' (and later, rules') locations come from; see src/shared/geo. */
  geo: Platform['geolocation'];
  /** Where rate limits count and the API callers' limits; see src/shared/ratelimit. */
  rateLimits: Platform['rateLimits'];
}

/** The platform's configuration from the environment, or a ConfigError listing every problem. */
export function readPlatformConfig(env: Env): Config {
  const p = readPlatform(env);
  if (p.database.db.shards.length > 0 && (p.deployment.modules !== undefined || p.database.db.replicaUrls.length > 0)) {
    throw new ConfigError([
      `SHARDS: cannot be combined with ${p.deployment.modules !== undefined ? 'MODULES' : 'DATABASE_REPLICA_URLS'} in this version: a sharded deployment runs every module in one process, on primaries (got ${p.database.db.shards.length} shard(s))`,
    ]);
  }
  return {
    ...p.server,
    ...p.database,
    log: { ...p.logging, format: p.logging.format ?? (p.server.env === 'production' ? 'json' : 'pretty') },
    ...p.deployment,
    outbound: p.outbound,
    jobs: p.jobs,
    cache: p.cache,
    geo: p.geolocation,
    rateLimits: p.rateLimits,
  };
}

/**
 * A port derived from the checkout's path, so two checkouts on one machine each get
 * their own embedded database port without configuration.
 */
function defaultEmbeddedPort(dataDir: string): number {
  const digest = createHash('sha256').update(path.resolve(dataDir)).digest();
  return 15432 + (digest.readUInt16BE(0) % 1000);
}

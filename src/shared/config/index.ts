import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting Shortline reads comes from the environment and is validated here,
 * once, at start-up. Nothing else in the code base touches `process.env`.
 * README.md and .env.example list the same variables; keep the three in step.
 */

/** The shard name of the DATABASE_URL database, which also holds the directories of workspaces and slugs. */
export const MAIN_SHARD = 'main';

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const optionalSecret = z
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

const moduleList = z
  .string()
  .regex(/^[a-z]+(,[a-z]+)*$/, 'must be a comma-separated list of module names, e.g. identity,links')
  .transform((s) => s.split(','));

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: integer(0, 65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATABASE_REPLICA_URLS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((url) => url.trim())
        .filter((url) => url !== ''),
    )
    .pipe(z.array(z.string().regex(/^postgres(ql)?:\/\//, 'must be a comma-separated list of postgres:// connection URLs'))),
  SHARDS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ''),
    )
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
  REPLICA_MAX_LAG_MS: integer(100, 60_000).default(5_000),
  REPLICA_CHECK_INTERVAL_MS: integer(50, 10_000).default(250),
  DATA_DIR: z.string().min(1).default('.data'),
  EMBEDDED_PG_PORT: integer(1024, 65535).optional(),
  DB_POOL_MIN: integer(0, 100).default(0),
  DB_POOL_MAX: integer(1, 200).default(10),
  DB_STATEMENT_TIMEOUT_MS: integer(0, 3_600_000).default(5_000),
  DB_CONNECT_TIMEOUT_MS: integer(100, 120_000).default(5_000),
  DB_SLOW_QUERY_MS: integer(0, 3_600_000).default(200),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  ACCESS_LOG: z.enum(['on', 'off']).default('on'),
  BODY_LIMIT: byteSize.default('1mb'),
  ADMIN_TOKEN: optionalSecret,
  METRICS_TOKEN: optionalSecret,
  SHUTDOWN_TIMEOUT_MS: integer(0, 600_000).default(10_000),
  WEB_CONCURRENCY: z
    .string()
    .regex(/^(auto|\d{1,3})$/, 'must be a number of processes (1-256) or auto (one per CPU core)')
    .refine((v) => v === 'auto' || (Number(v) >= 1 && Number(v) <= 256), 'must be between 1 and 256, or auto')
    .default('1'),
  MODULES: moduleList.optional(),
  ANALYTICS_URL: z
    .url({ protocol: /^https?$/, message: 'must be the http(s) base URL of the process running analytics, e.g. http://analytics:3000' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional()
    .or(z.literal('').transform(() => undefined)),
  CORE_URL: z
    .url({ protocol: /^https?$/, message: 'must be the http(s) base URL of the process running identity and links, e.g. http://core:3000' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional()
    .or(z.literal('').transform(() => undefined)),
  INTERNAL_TOKEN: optionalSecret,
  API_KEY_CACHE_TTL_S: integer(0, 3600).default(60),
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL such as https://sho.rt' })
    .refine(
      (u) => new URL(u).origin === u.replace(/\/$/, ''),
      'must be an origin such as https://sho.rt, without path, query, fragment or credentials',
    )
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  TRUST_PROXY: z
    .string()
    .regex(/^(off|on|\d{1,2})$/, 'must be off, on, or the number of proxy hops in front of Shortline')
    .default('off'),
  LINKS_MAX_PER_WORKSPACE: integer(1, 100_000_000).default(10_000),
  CLICK_COUNTRY_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, 'must be an HTTP header name such as CF-IPCountry')
    .optional(),
  CACHE_ENABLED: z.enum(['on', 'off']).default('on'),
  CACHE_TTL_S: integer(1, 86_400).default(3600),
  CACHE_NEGATIVE_TTL_S: integer(0, 3600).default(10),
  CACHE_STALE_S: integer(0, 604_800).default(3600),
  CACHE_MAX_KEYS: integer(100, 10_000_000).default(200_000),
  CACHE_LOAD_TIMEOUT_MS: integer(50, 60_000).default(1000),
  CLICKS_FLUSH_INTERVAL_MS: integer(50, 60_000).default(1000),
  CLICKS_FLUSH_SIZE: integer(1, 50_000).default(1000),
  CLICKS_BUFFER_MAX: integer(100, 10_000_000).default(100_000),
  CLICKS_RETENTION_DAYS: integer(1, 3650).default(90),
  STATS_MAX_RANGE_DAYS: integer(1, 3660).default(366),
  STATS_CACHE_TTL_S: integer(0, 3600).default(10),
  OUTBOUND_ALLOW: addressList.default([]),
  OUTBOUND_CONNECT_TIMEOUT_MS: integer(50, 120_000).default(3_000),
  OUTBOUND_TIMEOUT_MS: integer(100, 120_000).default(10_000),
  OUTBOUND_MAX_RESPONSE: byteSize.default('256kb'),
  OUTBOUND_HOST_CONCURRENCY: integer(1, 1000).default(2),
  OUTBOUND_TOTAL_CONCURRENCY: integer(1, 10_000).default(64),
  // Below 1: a share of 1 could never be exceeded (cockatiel refuses it).
  OUTBOUND_BREAKER_FAILURE_RATIO: z.coerce.number().gt(0).lt(1).default(0.5),
  OUTBOUND_BREAKER_WINDOW_MS: integer(100, 3_600_000).default(30_000),
  OUTBOUND_BREAKER_MIN_CALLS: integer(1, 100_000).default(5),
  OUTBOUND_BREAKER_HALF_OPEN_MS: integer(10, 3_600_000).default(30_000),
  WEBHOOKS_MAX_PER_WORKSPACE: integer(1, 1000).default(20),
  WEBHOOK_MAX_ATTEMPTS: integer(1, 50).default(10),
  WEBHOOK_RETRY_BASE_MS: integer(10, 3_600_000).default(30_000),
  WEBHOOK_RETRY_MAX_MS: integer(10, 86_400_000).default(3_600_000),
  WEBHOOK_DISABLE_AFTER_FAILURES: integer(1, 100_000).default(20),
  WEBHOOK_CLICK_BATCH_SIZE: integer(1, 1000).default(100),
  WEBHOOK_CLICK_BATCH_INTERVAL_MS: integer(10, 600_000).default(5_000),
  WEBHOOK_DELIVERY_RETENTION_DAYS: integer(1, 3650).default(30),
  LINK_PREVIEWS: z.enum(['on', 'off']).default('on'),
  LINK_PREVIEW_TIMEOUT_MS: integer(100, 60_000).default(5_000),
  WORKER: z.enum(['inline', 'off']).default('inline'),
  WORKER_CONCURRENCY: integer(1, 1000).default(4),
  WORKER_POLL_INTERVAL_MS: integer(100, 600_000).default(1000),
  WORKER_LOCAL_QUEUE_SIZE: integer(0, 10_000).default(0),
  WORKER_COMPLETE_BATCH_DELAY_MS: integer(0, 10_000).default(0),
  WORKER_SHUTDOWN_TIMEOUT_MS: integer(0, 600_000).default(10_000),
});

export type Env = Record<string, string | undefined>;

export interface Config {
  env: 'development' | 'production' | 'test';
  http: {
    host: string;
    port: number;
    bodyLimit: string;
    shutdownTimeoutMs: number;
    /** Server processes sharing the port (node:cluster); 1 runs no cluster. */
    processes: number;
  };
  db: {
    /** Undefined means: start the embedded PostgreSQL under `dataDir`. */
    url: string | undefined;
    poolMin: number;
    poolMax: number;
    statementTimeoutMs: number;
    connectTimeoutMs: number;
    slowQueryMs: number;
    /** Streaming replicas for reads that tolerate lag; empty: every read goes to the primary. */
    replicaUrls: string[];
    /** A replica further behind than this (or down) is out of rotation until it catches up. */
    replicaMaxLagMs: number;
    replicaCheckIntervalMs: number;
    /**
     * Databases beside the main one (DATABASE_URL, shard "main") that hold
     * whole workspaces (docs/SCALING.md#shards); empty: one database.
     */
    shards: { name: string; url: string }[];
  };
  embedded: { dataDir: string; port: number };
  log: { level: 'error' | 'warn' | 'info' | 'debug' | 'silent'; format: 'json' | 'pretty'; accessLog: boolean };
  adminToken: string | undefined;
  metricsToken: string | undefined;
  /** Undefined means every registered module. */
  modules: string[] | undefined;
  /**
   * Modules this process does not run, reached over HTTP instead (see
   * docs/EXTRACTION.md): analytics at `analyticsUrl`; identity and links at
   * `coreUrl`. `internalToken` authenticates those calls both ways; without
   * it no /internal route is served.
   */
  remote: { analyticsUrl: string | undefined; coreUrl: string | undefined; internalToken: string | undefined };
  identity: { apiKeyCacheTtlSeconds: number };
  /** Base of every short URL, without trailing slash. */
  publicBaseUrl: string;
  /** Express 'trust proxy': false, true, or a hop count; decides the client IP recorded with clicks. */
  trustProxy: boolean | number;
  links: {
    maxPerWorkspace: number;
    countryHeader: string | undefined;
    /** Fetch each link's target page for its title, description and image (through the outbound client). */
    previews: boolean;
    previewTimeoutMs: number;
  };
  /** Calls leaving the process (webhooks, link previews); see src/shared/outbound. */
  outbound: {
    /** Addresses or CIDR ranges reachable although loopback, private, link-local...: empty by default. */
    allow: string[];
    connectTimeoutMs: number;
    timeoutMs: number;
    maxResponseBytes: number;
    perHostConcurrency: number;
    totalConcurrency: number;
    breaker: { failureRatio: number; windowMs: number; minimumCalls: number; halfOpenAfterMs: number };
  };
  webhooks: {
    maxPerWorkspace: number;
    /** Attempts per delivery (the first included) before it is failed. */
    maxAttempts: number;
    /** Backoff before attempt n+1: retryBaseMs × 2^(n-1), jittered, at most retryMaxMs. */
    retryBaseMs: number;
    retryMaxMs: number;
    /** Failed attempts in a row (over all its deliveries) after which an endpoint is disabled. */
    disableAfterFailures: number;
    clickBatchSize: number;
    clickBatchIntervalMs: number;
    deliveryRetentionDays: number;
  };
  analytics: {
    /** The click buffer is written at least this often... */
    flushIntervalMs: number;
    /** ...or as soon as it holds this many clicks. */
    flushSize: number;
    /** Clicks held while the database cannot take them; beyond, the oldest are dropped. */
    bufferMax: number;
    /** Raw clicks are kept this many days (whole daily partitions are dropped); rollups stay. */
    retentionDays: number;
    maxRangeDays: number;
    cacheTtlSeconds: number;
  };
  /** inline: this process also runs jobs; off: web only (`npm run worker` runs them). */
  jobs: {
    mode: 'inline' | 'off';
    concurrency: number;
    pollIntervalMs: number;
    localQueueSize: number;
    completeBatchDelayMs: number;
    shutdownTimeoutMs: number;
  };
  cache: {
    enabled: boolean;
    ttlSeconds: number;
    negativeTtlSeconds: number;
    staleSeconds: number;
    maxKeys: number;
    loadTimeoutMs: number;
  };
}

/** Thrown with one line per invalid variable, so start-up can print them and exit. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * A port derived from the checkout's path, so two checkouts on one machine each get
 * their own embedded database port without configuration.
 */
function defaultEmbeddedPort(dataDir: string): number {
  const digest = createHash('sha256').update(path.resolve(dataDir)).digest();
  return 15432 + (digest.readUInt16BE(0) % 1000);
}

export function loadConfig(env: Env = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message} (got ${describe(String(issue.path[0]), env)})`),
    );
  }
  const e = parsed.data;
  if (e.CLICKS_FLUSH_SIZE > e.CLICKS_BUFFER_MAX) {
    throw new ConfigError([`CLICKS_FLUSH_SIZE: must not exceed CLICKS_BUFFER_MAX (${e.CLICKS_BUFFER_MAX}) (got ${e.CLICKS_FLUSH_SIZE})`]);
  }
  if (e.WEBHOOK_RETRY_BASE_MS > e.WEBHOOK_RETRY_MAX_MS) {
    throw new ConfigError([
      `WEBHOOK_RETRY_BASE_MS: must not exceed WEBHOOK_RETRY_MAX_MS (${e.WEBHOOK_RETRY_MAX_MS}) (got ${e.WEBHOOK_RETRY_BASE_MS})`,
    ]);
  }
  if ((e.ANALYTICS_URL !== undefined || e.CORE_URL !== undefined) && e.INTERNAL_TOKEN === undefined) {
    throw new ConfigError([
      'INTERNAL_TOKEN: must be set (the same value in every process) when ANALYTICS_URL or CORE_URL is: it authenticates the calls between them (got nothing)',
    ]);
  }
  if (e.REPLICA_CHECK_INTERVAL_MS >= e.REPLICA_MAX_LAG_MS) {
    throw new ConfigError([
      `REPLICA_CHECK_INTERVAL_MS: must be below REPLICA_MAX_LAG_MS (${e.REPLICA_MAX_LAG_MS}): lag is measured in steps of the interval (got ${e.REPLICA_CHECK_INTERVAL_MS})`,
    ]);
  }
  if (e.SHARDS.length > 0 && (e.MODULES !== undefined || e.DATABASE_REPLICA_URLS.length > 0)) {
    throw new ConfigError([
      `SHARDS: cannot be combined with ${e.MODULES !== undefined ? 'MODULES' : 'DATABASE_REPLICA_URLS'} in this version: a sharded deployment runs every module in one process, on primaries (got ${e.SHARDS.length} shard(s))`,
    ]);
  }
  if (e.DB_POOL_MIN > e.DB_POOL_MAX) {
    throw new ConfigError([`DB_POOL_MIN: must not exceed DB_POOL_MAX (${e.DB_POOL_MAX}) (got ${e.DB_POOL_MIN})`]);
  }
  return {
    env: e.NODE_ENV,
    http: {
      host: e.HOST,
      port: e.PORT,
      bodyLimit: e.BODY_LIMIT,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
      processes: e.WEB_CONCURRENCY === 'auto' ? os.availableParallelism() : Number(e.WEB_CONCURRENCY),
    },
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
    log: {
      level: e.LOG_LEVEL,
      format: e.LOG_FORMAT ?? (e.NODE_ENV === 'production' ? 'json' : 'pretty'),
      accessLog: e.ACCESS_LOG === 'on',
    },
    adminToken: e.ADMIN_TOKEN,
    metricsToken: e.METRICS_TOKEN,
    modules: e.MODULES,
    remote: { analyticsUrl: e.ANALYTICS_URL, coreUrl: e.CORE_URL, internalToken: e.INTERNAL_TOKEN },
    identity: { apiKeyCacheTtlSeconds: e.API_KEY_CACHE_TTL_S },
    publicBaseUrl: e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`,
    trustProxy: e.TRUST_PROXY === 'off' ? false : e.TRUST_PROXY === 'on' ? true : Number(e.TRUST_PROXY),
    links: {
      maxPerWorkspace: e.LINKS_MAX_PER_WORKSPACE,
      countryHeader: e.CLICK_COUNTRY_HEADER?.toLowerCase(),
      previews: e.LINK_PREVIEWS === 'on',
      previewTimeoutMs: e.LINK_PREVIEW_TIMEOUT_MS,
    },
    outbound: {
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
    },
    webhooks: {
      maxPerWorkspace: e.WEBHOOKS_MAX_PER_WORKSPACE,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: e.WEBHOOK_RETRY_MAX_MS,
      disableAfterFailures: e.WEBHOOK_DISABLE_AFTER_FAILURES,
      clickBatchSize: e.WEBHOOK_CLICK_BATCH_SIZE,
      clickBatchIntervalMs: e.WEBHOOK_CLICK_BATCH_INTERVAL_MS,
      deliveryRetentionDays: e.WEBHOOK_DELIVERY_RETENTION_DAYS,
    },
    analytics: {
      flushIntervalMs: e.CLICKS_FLUSH_INTERVAL_MS,
      flushSize: e.CLICKS_FLUSH_SIZE,
      bufferMax: e.CLICKS_BUFFER_MAX,
      retentionDays: e.CLICKS_RETENTION_DAYS,
      maxRangeDays: e.STATS_MAX_RANGE_DAYS,
      cacheTtlSeconds: e.STATS_CACHE_TTL_S,
    },
    jobs: {
      mode: e.WORKER,
      concurrency: e.WORKER_CONCURRENCY,
      pollIntervalMs: e.WORKER_POLL_INTERVAL_MS,
      localQueueSize: e.WORKER_LOCAL_QUEUE_SIZE,
      completeBatchDelayMs: e.WORKER_COMPLETE_BATCH_DELAY_MS,
      shutdownTimeoutMs: e.WORKER_SHUTDOWN_TIMEOUT_MS,
    },
    cache: {
      enabled: e.CACHE_ENABLED === 'on',
      ttlSeconds: e.CACHE_TTL_S,
      negativeTtlSeconds: e.CACHE_NEGATIVE_TTL_S,
      staleSeconds: e.CACHE_STALE_S,
      maxKeys: e.CACHE_MAX_KEYS,
      loadTimeoutMs: e.CACHE_LOAD_TIMEOUT_MS,
    },
  };
}

/** What was given, for the error line; secrets and URLs (which may hold passwords) are not echoed. */
/** For process entry points: the config, or its problems on stderr and exit code 1. */
export function loadConfigOrExit(env: Env = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : String(error));
    process.exit(1);
  }
}

function describe(name: string, env: Env): string {
  const value = env[name];
  if (value === undefined) return 'nothing';
  if (/TOKEN|URL|SHARDS/.test(name)) return `a value of ${value.length} characters`;
  return value.length > 40 ? `"${value.slice(0, 37)}..."` : `"${value}"`;
}

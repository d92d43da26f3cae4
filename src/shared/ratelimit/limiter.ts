import { Redis } from 'ioredis';
import type { Knex } from 'knex';
import { Counter } from 'prom-client';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { errorFields, type Logger } from '../logging';
import type { Metrics } from '../metrics';
import { RATE_LIMIT_TABLE } from './schema';
import type { Policy, RateLimitSettings } from './settings';

/** What counting one request found. */
export interface Verdict {
  /** Within the limit: serve it. */
  allowed: boolean;
  /** Requests left in the window after this one (0 once refused). */
  remaining: number;
  /** Seconds until the window ends: when a refused key may try again. */
  resetSeconds: number;
  /** The store failed and the request was let through: nothing is known of the count. */
  unknown?: true;
}

/** A named limit on requests, counted per key (an API key, a client address) in the shared store. */
export interface RateLimit {
  readonly name: string;
  readonly policy: Policy;
  /** Counts one request of `key`. Never rejects: a failing store lets the request through. */
  consume(key: string): Promise<Verdict>;
  /**
   * Without I/O: the seconds until this process's block of `key` ends, 0 when
   * it is not blocked here. A key found over its limit is refused in memory
   * for the rest of its window, so a flood past the limit asks the store
   * nothing, and callers can refuse it before doing costly work at all.
   */
  blockedFor(key: string): number;
}

export interface RateLimits {
  /**
   * The limit `name` with `policy`; undefined (nothing is limited) when the
   * policy is off or RATE_LIMITS=off. Asking for a name again (a module built
   * once per shard) gives the same limit.
   */
  define(name: string, policy: Policy | undefined): RateLimit | undefined;
  /** The platform's limits on the API's callers (RATE_LIMIT_API_KEY, RATE_LIMIT_SESSION, RATE_LIMIT_AUTH_FAILURES). */
  readonly callers: { apiKey?: RateLimit; session?: RateLimit; authFailures?: RateLimit };
  /** Waits (up to 5 s) for Redis, so a process that starts does not let its first requests through uncounted; never fails. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface RateLimitsOptions {
  settings: RateLimitSettings;
  /** The database of the `platform.rate_limits` table (the postgres store). */
  db: Knex;
  logger: Logger;
  metrics: Metrics;
}

/** Blocked keys kept in memory before the expired ones are swept: a flood of addresses cannot grow it for good. */
const SWEEP_AT = 10_000;
/** How long start() waits for Redis to answer. */
const START_WAIT_MS = 5000;
/** A failing store is logged at most this often per limit; every failure is counted. */
const LOG_EVERY_MS = 10_000;

/**
 * The rate limits of one process, counted by rate-limiter-flexible in the
 * store RATE_LIMIT_STORE names: PostgreSQL's `platform.rate_limits` (one
 * upsert per counted request), Redis (one script call), or each process's
 * memory. Every limit fails open: when the store errors the request is served
 * and `shortline_rate_limit_store_errors_total` counts it, as a limiter that
 * refused everyone whenever its store hiccups would be an outage of its own.
 */
export function createRateLimits({ settings, db, logger, metrics }: RateLimitsOptions): RateLimits {
  const limited = new Counter({
    name: 'shortline_rate_limited_total',
    help: 'Requests refused by a rate limit, by limit name',
    labelNames: ['limit'],
    registers: [metrics.registry],
  });
  const storeErrors = new Counter({
    name: 'shortline_rate_limit_store_errors_total',
    help: 'Requests let through because the rate-limit store failed, by limit name',
    labelNames: ['limit'],
    registers: [metrics.registry],
  });
  const redis =
    settings.enabled && settings.store === 'redis'
      ? // No offline queue and one try: a Redis that is away fails the count at once (and the request goes through) instead of queueing it.
        new Redis(settings.redisUrl!, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1000, lazyConnect: false })
      : undefined;
  redis?.on('error', (error: Error) => logRedisError(error));
  let lastRedisLog = 0;
  const logRedisError = (error: Error) => {
    if (Date.now() - lastRedisLog < LOG_EVERY_MS) return;
    lastRedisLog = Date.now();
    logger.warn('rate-limit store unreachable; limits are not enforced', { store: 'redis', error: error.message });
  };

  const limits = new Map<string, RateLimit>();
  const define = (name: string, policy: Policy | undefined): RateLimit | undefined => {
    if (!settings.enabled || policy === undefined) return undefined;
    let limit = limits.get(name);
    if (!limit) {
      // One process clears the postgres table's expired rows every 5 minutes: the first limit's job.
      limit = createLimit(name, policy, storeFor(name, policy, limits.size === 0));
      limits.set(name, limit);
    }
    return limit;
  };

  function storeFor(name: string, policy: Policy, sweeps: boolean): RateLimiterAbstract {
    const common = { keyPrefix: name, points: policy.points, duration: policy.windowSeconds };
    switch (settings.store) {
      case 'memory':
        return new RateLimiterMemory(common);
      case 'redis':
        return new RateLimiterRedis({ ...common, keyPrefix: `shortline:rl:${name}`, storeClient: redis, rejectIfRedisNotReady: true });
      case 'postgres':
        // tableCreated: the table is the platform schema's migration, never created at run time.
        return new RateLimiterPostgres({
          ...common,
          storeClient: db,
          storeType: 'knex',
          schemaName: RATE_LIMIT_TABLE.schema,
          tableName: RATE_LIMIT_TABLE.name,
          tableCreated: true,
          clearExpiredByTimeout: sweeps,
        });
    }
  }

  function createLimit(name: string, policy: Policy, store: RateLimiterAbstract): RateLimit {
    const refused = limited.labels(name);
    const failed = storeErrors.labels(name);
    const blocked = new Map<string, number>();
    let lastLog = 0;
    const blockedFor = (key: string): number => {
      const until = blocked.get(key);
      if (until === undefined) return 0;
      const ms = until - Date.now();
      if (ms > 0) return Math.ceil(ms / 1000);
      blocked.delete(key);
      return 0;
    };
    return {
      name,
      policy,
      blockedFor,
      async consume(key) {
        const wait = blockedFor(key);
        if (wait > 0) {
          refused.inc();
          return { allowed: false, remaining: 0, resetSeconds: wait };
        }
        try {
          const res = await store.consume(key);
          return { allowed: true, remaining: res.remainingPoints, resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
        } catch (error) {
          if (error instanceof RateLimiterRes) {
            refused.inc();
            const ms = Math.max(1000, error.msBeforeNext);
            if (blocked.size >= SWEEP_AT) for (const [k, until] of blocked) if (until <= Date.now()) blocked.delete(k);
            blocked.set(key, Date.now() + ms);
            return { allowed: false, remaining: 0, resetSeconds: Math.ceil(ms / 1000) };
          }
          failed.inc();
          if (Date.now() - lastLog >= LOG_EVERY_MS) {
            lastLog = Date.now();
            logger.warn('rate-limit store failed; the request goes through', { limit: name, store: settings.store, ...errorFields(error) });
          }
          return { allowed: true, remaining: policy.points, resetSeconds: policy.windowSeconds, unknown: true };
        }
      },
    };
  }

  return {
    define,
    callers: {
      apiKey: define('api-key', settings.callers.apiKey),
      session: define('session', settings.callers.session),
      authFailures: define('auth-failures', settings.callers.authFailures),
    },
    async start() {
      if (!redis || redis.status === 'ready') return;
      const ready = new Promise<void>((resolve) => redis.once('ready', () => resolve()));
      // An absent Redis is the fail-open case, logged by the client's error handler: start anyway.
      await Promise.race([ready, new Promise<void>((resolve) => setTimeout(resolve, START_WAIT_MS).unref())]);
    },
    async stop() {
      await redis?.quit().catch(() => redis.disconnect());
    },
  };
}

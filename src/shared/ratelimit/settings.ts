import { z } from 'zod';
import { defineSettings, variable } from '../config/settings';

/** A limit: at most `points` requests of one key in each window of `windowSeconds`. */
export interface Policy {
  points: number;
  windowSeconds: number;
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3600 } as const;

/**
 * A policy as a variable gives it: `<requests>/<window>`, the window in
 * seconds, minutes or hours (`600/1m`, `20/15m`), or `off`. Modules declare
 * their own limits' variables with it, so every limit reads the same way.
 */
export const policySetting = z
  .string()
  .regex(/^(off|[1-9]\d{0,6}\/[1-9]\d{0,4}[smh])$/, 'must be off or <requests>/<window> with the window in s, m or h, e.g. 600/1m')
  .transform((value): Policy | undefined => {
    if (value === 'off') return undefined;
    const [, points, amount, unit] = /^(\d+)\/(\d+)([smh])$/.exec(value)!;
    return { points: Number(points), windowSeconds: Number(amount) * UNIT_SECONDS[unit as keyof typeof UNIT_SECONDS] };
  })
  .refine((policy) => policy === undefined || policy.windowSeconds <= 86_400, 'must have a window of at most a day (24h)');

const redisUrl = z
  .url({ protocol: /^rediss?$/, message: 'must be a redis:// or rediss:// URL such as redis://localhost:6379' })
  .optional()
  .or(z.literal('').transform(() => undefined));

export type StoreKind = 'postgres' | 'redis' | 'memory';

/** The platform's limits (on callers of the API) and where every limit counts. */
export const rateLimitSettings = defineSettings({
  title: 'Rate limits',
  variables: {
    RATE_LIMITS: variable(z.enum(['on', 'off']), {
      default: 'on',
      doc: '`off`: no request is rate limited and no limit is counted (every `RATE_LIMIT_*` policy is ignored). See docs/rate-limits.md.',
    }),
    RATE_LIMIT_STORE: variable(z.enum(['postgres', 'redis', 'memory']).optional(), {
      example: 'postgres',
      doc: 'Where limits count: `postgres` (the `platform.rate_limits` table of `DATABASE_URL`, shared by every process and machine), `redis` (`REDIS_URL`, shared too, cheaper per request) or `memory` (each process counts alone: one process only, or benchmarks). Unset: `redis` when `REDIS_URL` is set, else `postgres`. A store that fails lets requests through (counted in `shortline_rate_limit_store_errors_total`).',
    }),
    REDIS_URL: variable(redisUrl, {
      secret: true,
      example: 'redis://localhost:6379',
      doc: 'Redis server for the rate limits (`redis://[:password@]host:port[/db]`, `rediss://` for TLS). Nothing else uses it.',
    }),
    RATE_LIMIT_API_KEY: variable(policySetting, {
      default: '600/1m',
      doc: 'Requests to the API (`/v1/*`) per API key, as `<requests>/<window>` (`s`, `m`, `h`) or `off`. Over it: `429` with `Retry-After`; every limited answer carries `RateLimit-Policy` and `RateLimit`.',
    }),
    RATE_LIMIT_SESSION: variable(policySetting, {
      default: '600/1m',
      doc: 'Requests to the API per signed-in session (the dashboard), as `RATE_LIMIT_API_KEY`.',
    }),
    RATE_LIMIT_AUTH_FAILURES: variable(policySetting, {
      default: '20/1m',
      doc: 'Rejected API keys and session tokens per client address (`TRUST_PROXY` decides the address). Past it, the address gets `429` before its credentials are looked up, until the window ends.',
    }),
  },
  check: (e) => (e.RATE_LIMIT_STORE === 'redis' && e.REDIS_URL === undefined ? ['RATE_LIMIT_STORE: redis needs REDIS_URL (got redis)'] : []),
  build: (e) => ({
    enabled: e.RATE_LIMITS === 'on',
    store: (e.RATE_LIMIT_STORE ?? (e.REDIS_URL === undefined ? 'postgres' : 'redis')) as StoreKind,
    redisUrl: e.REDIS_URL,
    callers: { apiKey: e.RATE_LIMIT_API_KEY, session: e.RATE_LIMIT_SESSION, authFailures: e.RATE_LIMIT_AUTH_FAILURES },
  }),
});

export type RateLimitSettings = ReturnType<typeof rateLimitSettings.read>;

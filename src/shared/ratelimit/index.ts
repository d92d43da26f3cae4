/**
 * Rate limits: named policies counted per key in a store shared by every
 * process (docs/rate-limits.md). The platform limits the API's callers
 * (src/shared/http/auth.ts); a module declares its own limits' variables with
 * `policySetting` and puts them on its routes (src/shared/http/rate-limit.ts).
 */
export { createRateLimits, type RateLimit, type RateLimits, type Verdict } from './limiter';
export { platformSchema } from './schema';
export { policySetting, rateLimitSettings, type Policy, type RateLimitSettings } from './settings';

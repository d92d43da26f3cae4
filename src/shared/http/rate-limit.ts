import type { ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import type { RateLimit, Verdict } from '../ratelimit';
import { HttpError } from './errors';

/**
 * Rate limits over HTTP: the RateLimit-Policy and RateLimit fields of
 * draft-ietf-httpapi-ratelimit-headers-11 (May 2026) on every answer a limit
 * counted, and a 429 problem with Retry-After past it (docs/rate-limits.md).
 */

/** `"api-key";q=600;w=60` and `"api-key";r=599;t=42`: one policy per limit, named after it, its reset as Retry-After's. */
export function rateLimitFields(limit: RateLimit, verdict: Verdict): { 'RateLimit-Policy': string; RateLimit: string } {
  return {
    'RateLimit-Policy': `"${limit.name}";q=${limit.policy.points};w=${limit.policy.windowSeconds}`,
    RateLimit: `"${limit.name}";r=${verdict.remaining};t=${verdict.resetSeconds}`,
  };
}

/** Sets the fields on an answer; none when the store failed and nothing is known. */
export function setRateLimitFields(res: ServerResponse, limit: RateLimit, verdict: Verdict): void {
  if (verdict.unknown) return;
  const fields = rateLimitFields(limit, verdict);
  res.setHeader('RateLimit-Policy', fields['RateLimit-Policy']);
  res.setHeader('RateLimit', fields.RateLimit);
}

/** Past a limit: 429, with when to come back. */
export class RateLimited extends HttpError {
  constructor(limit: RateLimit, verdict: Verdict, what: string) {
    super(
      429,
      'rate-limited',
      'Too many requests',
      `Too many ${what}: at most ${limit.policy.points} in ${limit.policy.windowSeconds} seconds; try again in ${verdict.resetSeconds} seconds`,
      { 'Retry-After': String(verdict.resetSeconds), ...rateLimitFields(limit, verdict) },
    );
  }
}

/** A route's limit, declared on its operation: requests counted per `keyOf` (the client's address unless said). */
export interface RouteLimit {
  /** Undefined when the limit is off: the route is not limited. */
  limit: RateLimit | undefined;
  /** What the problem says there were too many of, e.g. `sign-in attempts from this address`. */
  what: string;
  keyOf?(req: Request): string | undefined;
}

/** The middleware that counts a route's requests; run before anything costly (a body, a guard, a password hash). */
export function limitRequests(route: RouteLimit): RequestHandler | undefined {
  const { limit, what } = route;
  if (limit === undefined) return undefined;
  const keyOf = route.keyOf ?? ((req: Request) => req.ip);
  return async (req, res, next) => {
    const key = keyOf(req);
    if (key === undefined) return next();
    const verdict = await limit.consume(key);
    if (!verdict.allowed) throw new RateLimited(limit, verdict, what);
    setRateLimitFields(res, limit, verdict);
    next();
  };
}

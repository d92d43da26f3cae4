import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter, type Registry } from 'prom-client';
import { runAs, type Actor } from '../context';
import { Forbidden, Unauthenticated } from '../errors';
import type { Metrics } from '../metrics';
import type { RateLimits } from '../ratelimit';
import { bearerToken } from './bearer';
import { guard, type Guard } from './operation';
import { RateLimited, setRateLimitFields } from './rate-limit';
import { csrfMatches, isSafeMethod, sessionCookieToken } from './session-cookie';

export type { Actor } from '../context';

/** Whoever a credential stands for, with what it may do. */
export interface Caller<S extends string = string> {
  scopes: readonly S[];
  actor: Actor;
}

/** How credentials become callers: the module that owns them offers this, in-process or as a remote client. */
export interface TokenAuthenticator<P extends Caller> {
  /** Without I/O: the caller, `null` for a token known bad, `undefined` when it must be asked (`authenticate`). */
  cachedPrincipal(token: string): P | null | undefined;
  /** The caller of a valid token; undefined for any other. */
  authenticate(token: string): Promise<P | undefined>;
}

export interface CallerAuth<P extends Caller> {
  /** Middleware: an API key or a session must name a caller with `scope` (`null`: any valid credential). */
  requireScope(scope: P['scopes'][number] | null): Guard;
  /** Middleware: a signed-in person (a session), for what is a person's own (their session, their password); API keys get 403. */
  requirePerson(): Guard;
  /** The caller `requireScope` admitted; calling it on a route without it is a bug. */
  principalOf(res: Response): P;
}

const PRINCIPAL = 'principal';
const failureCounters = new WeakMap<Registry, Counter<'reason'>>();

/**
 * Authentication for routes, by either credential: `Authorization: Bearer
 * <token>` (API keys, scripts), else the session cookie (the dashboard). A
 * cookie comes with every request the browser makes, so a cookie-
 * authenticated write must also carry the session's CSRF token. The
 * credential's owner only answers who a token stands for; the HTTP concerns
 * — 401, 403, the caller kept for the handler and in the request context,
 * shortline_auth_failures_total and the callers' rate limits — are here, in
 * one place for every route.
 *
 * The limits (RATE_LIMIT_API_KEY, RATE_LIMIT_SESSION, RATE_LIMIT_AUTH_FAILURES):
 * an admitted caller's request is counted against its key or its session; a
 * rejected credential against the client's address, which once past its
 * limit is refused before its next unknown token costs a look-up.
 */
export function callerAuth<P extends Caller>(
  authenticator: TokenAuthenticator<P>,
  { metrics, rateLimits }: { metrics: Metrics; rateLimits: RateLimits },
): CallerAuth<P> {
  const failures = failureCounter(metrics.registry);
  const { apiKey: keyLimit, session: sessionLimit, authFailures: failureLimit } = rateLimits.callers;
  return {
    requireScope(scope) {
      return callerGuard(scope, false);
    },
    requirePerson() {
      return callerGuard(null, true);
    },
    principalOf(res) {
      const principal = res.locals[PRINCIPAL] as P | undefined;
      if (!principal) throw new Error('principalOf() used on a route without requireScope()');
      return principal;
    },
  };

  function callerGuard(scope: P['scopes'][number] | null, personOnly: boolean): Guard {
    const admit = (principal: P | null | undefined, token: string, req: Request, res: Response, next: NextFunction): void | Promise<void> => {
      if (!principal) {
        failures.inc({ reason: 'invalid' });
        return refuseInvalid(req);
      }
      if (personOnly && principal.actor.kind !== 'user') {
        failures.inc({ reason: 'scope' });
        throw new Forbidden('This is for a signed-in person (a session), not an API key');
      }
      if (scope !== null && !principal.scopes.includes(scope)) {
        failures.inc({ reason: 'scope' });
        throw new Forbidden(`${principal.actor.kind === 'key' ? 'This API key' : 'Your role'} lacks the "${scope}" scope`);
      }
      res.locals[PRINCIPAL] = principal;
      const limit = principal.actor.kind === 'key' ? keyLimit : sessionLimit;
      // The rest of the request acts as the caller: the events it publishes name them (createEvent).
      if (limit === undefined) return runAs(principal.actor, next);
      // A key by its id; a session by a digest of its token, which the store must not hold.
      const key = principal.actor.kind === 'key' ? principal.actor.id : createHash('sha256').update(token).digest('base64url').slice(0, 22);
      return limit.consume(key).then((verdict) => {
        if (!verdict.allowed)
          throw new RateLimited(limit, verdict, principal.actor.kind === 'key' ? 'requests with this API key' : 'requests in this session');
        setRateLimitFields(res, limit, verdict);
        runAs(principal.actor, next);
      });
    };
    const invalid = () => new Unauthenticated('The API key or session is not valid, has expired or has been revoked');
    /** A rejected credential counts against the client's address; past the limit, a 429 instead of the 401. */
    const refuseInvalid = async (req: Request): Promise<never> => {
      if (failureLimit === undefined || req.ip === undefined) throw invalid();
      const verdict = await failureLimit.consume(req.ip);
      if (!verdict.allowed) throw new RateLimited(failureLimit, verdict, 'rejected credentials from this address');
      throw invalid();
    };
    const check: RequestHandler = (req, res, next) => {
      const token = credential(req);
      if (token === undefined) {
        failures.inc({ reason: 'missing' });
        throw new Unauthenticated('Send an API key as Authorization: Bearer <key>, or sign in');
      }
      // Synchronous when the token is cached: no promise on the common path.
      const cached = authenticator.cachedPrincipal(token);
      if (cached !== undefined) return admit(cached, token, req, res, next);
      // An address past its rejected credentials gets no look-up of another unknown token (no query).
      const wait = failureLimit !== undefined && req.ip !== undefined ? failureLimit.blockedFor(req.ip) : 0;
      if (wait > 0) {
        failures.inc({ reason: 'invalid' });
        throw new RateLimited(failureLimit!, { allowed: false, remaining: 0, resetSeconds: wait }, 'rejected credentials from this address');
      }
      return authenticator.authenticate(token).then((principal) => admit(principal, token, req, res, next));
    };
    /** The request's token; a cookie-borne one only with its CSRF token on a write. */
    const credential = (req: Request): string | undefined => {
      const bearer = bearerToken(req.headers.authorization);
      if (bearer !== undefined) return bearer;
      const cookie = sessionCookieToken(req);
      if (cookie !== undefined && !isSafeMethod(req.method) && !csrfMatches(req, cookie)) {
        failures.inc({ reason: 'csrf' });
        throw new Forbidden('A signed-in write needs the X-CSRF-Token header with the csrfToken of GET /v1/session');
      }
      return cookie;
    };
    if (personOnly) return guard(check, { scheme: 'session' });
    return guard(check, scope === null ? { scheme: 'apiKey' } : { scheme: 'apiKey', scope });
  }
}

/** One counter per metrics registry, however many modules authenticate their routes. */
function failureCounter(registry: Registry): Counter<'reason'> {
  let counter = failureCounters.get(registry);
  if (!counter) {
    counter = new Counter({
      name: 'shortline_auth_failures_total',
      help: 'Rejected API authentications by reason (missing, invalid, scope, csrf)',
      labelNames: ['reason'],
      registers: [registry],
    });
    failureCounters.set(registry, counter);
  }
  return counter;
}

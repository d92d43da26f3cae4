import type { NextFunction, RequestHandler, Response } from 'express';
import { Counter, type Registry } from 'prom-client';
import { Forbidden, Unauthenticated } from '../errors';
import type { Metrics } from '../metrics';
import { bearerToken } from './bearer';
import { guard, type Guard } from './operation';

/** Whoever a bearer token stands for, with what it may do. */
export interface Caller<S extends string = string> {
  scopes: readonly S[];
}

/** How tokens become callers: the module that owns them offers this, in-process or as a remote client. */
export interface TokenAuthenticator<P extends Caller> {
  /** Without I/O: the caller, `null` for a token known bad, `undefined` when it must be asked (`authenticate`). */
  cachedPrincipal(token: string): P | null | undefined;
  /** The caller of a valid token; undefined for any other. */
  authenticate(token: string): Promise<P | undefined>;
}

export interface BearerAuth<P extends Caller> {
  /** Middleware: `Authorization: Bearer <token>` must name a caller with `scope` (`null`: any valid token). */
  requireScope(scope: P['scopes'][number] | null): Guard;
  /** The caller `requireScope` admitted; calling it on a route without it is a bug. */
  principalOf(res: Response): P;
}

const PRINCIPAL = 'principal';
const failureCounters = new WeakMap<Registry, Counter<'reason'>>();

/**
 * Bearer-token authentication for routes. The token's owner only answers
 * who a token stands for; the HTTP concerns — the header, 401 and 403, the
 * caller kept for the handler, and shortline_auth_failures_total — are here.
 */
export function bearerAuth<P extends Caller>(authenticator: TokenAuthenticator<P>, metrics: Metrics): BearerAuth<P> {
  const failures = failureCounter(metrics.registry);
  return {
    requireScope(scope) {
      const admit = (principal: P | null | undefined, res: Response, next: NextFunction) => {
        if (!principal) {
          failures.inc({ reason: 'invalid' });
          throw new Unauthenticated('The API key is not valid or has been revoked');
        }
        if (scope !== null && !principal.scopes.includes(scope)) {
          failures.inc({ reason: 'scope' });
          throw new Forbidden(`This API key lacks the "${scope}" scope`);
        }
        res.locals[PRINCIPAL] = principal;
        next();
      };
      const check: RequestHandler = (req, res, next) => {
        const token = bearerToken(req.headers.authorization);
        if (token === undefined) {
          failures.inc({ reason: 'missing' });
          throw new Unauthenticated('Send an API key as Authorization: Bearer <key>');
        }
        // Synchronous when the token is cached: no promise on the common path.
        const cached = authenticator.cachedPrincipal(token);
        if (cached !== undefined) return admit(cached, res, next);
        return authenticator.authenticate(token).then((principal) => admit(principal, res, next));
      };
      return guard(check, scope === null ? { scheme: 'apiKey' } : { scheme: 'apiKey', scope });
    },
    principalOf(res) {
      const principal = res.locals[PRINCIPAL] as P | undefined;
      if (!principal) throw new Error('principalOf() used on a route without requireScope()');
      return principal;
    },
  };
}

/** One counter per metrics registry, however many modules authenticate their routes. */
function failureCounter(registry: Registry): Counter<'reason'> {
  let counter = failureCounters.get(registry);
  if (!counter) {
    counter = new Counter({
      name: 'shortline_auth_failures_total',
      help: 'Rejected API authentications by reason (missing, invalid, scope)',
      labelNames: ['reason'],
      registers: [registry],
    });
    failureCounters.set(registry, counter);
  }
  return counter;
}

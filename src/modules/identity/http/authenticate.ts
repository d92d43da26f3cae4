import type { NextFunction, RequestHandler, Response } from 'express';
import { Counter } from 'prom-client';
import type { Metrics } from '../../../shared/metrics';
import { bearerToken } from '../../../shared/http/bearer';
import { Forbidden, Unauthenticated } from '../../../shared/errors';
import type { Scope } from '../scopes';
import type { Principal } from '../types';

/** Where requireScope resolves keys: the identity service in-process, or the remote client (remote.ts). */
export interface PrincipalSource {
  /** The cached principal without I/O: a principal, null for a key known bad, undefined when not cached. */
  cachedPrincipal(key: string): Principal | null | undefined;
  authenticate(key: string): Promise<Principal | undefined>;
}

const PRINCIPAL = 'principal';

/**
 * Middleware that resolves `Authorization: Bearer <api key>` to a principal and
 * checks a scope. Other modules get it through the identity API, so they never
 * see keys or hashes.
 */
export function requireScope(service: PrincipalSource, failures: Counter<'reason'>, scope: Scope | null): RequestHandler {
  const admit = (principal: Principal | null | undefined, res: Response, next: NextFunction) => {
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
  return (req, res, next) => {
    const key = bearerToken(req.headers.authorization);
    if (key === undefined) {
      failures.inc({ reason: 'missing' });
      throw new Unauthenticated('Send an API key as Authorization: Bearer <key>');
    }
    // Synchronous when the key is cached: no promise on the common path.
    const cached = service.cachedPrincipal(key);
    if (cached !== undefined) return admit(cached, res, next);
    return service.authenticate(key).then((principal) => admit(principal, res, next));
  };
}

/** The principal set by `requireScope`; calling it on an unauthenticated route is a bug. */
export function principalOf(res: Response): Principal {
  const principal = res.locals[PRINCIPAL] as Principal | undefined;
  if (!principal) throw new Error('principalOf() used on a route without requireScope()');
  return principal;
}

/** shortline_auth_failures_total, registered by whichever builds requireScope in the process (the module or its remote client). */
export function authFailures(metrics: Metrics): Counter<'reason'> {
  return new Counter({
    name: 'shortline_auth_failures_total',
    help: 'Rejected API authentications by reason (missing, invalid, scope)',
    labelNames: ['reason'],
    registers: [metrics.registry],
  });
}

import type { NextFunction, RequestHandler, Response } from 'express';
import type { Counter } from 'prom-client';
import { bearerToken } from '../../shared/http/bearer';
import { Forbidden, Unauthorized } from '../../shared/http/errors';
import type { Scope } from './scopes';
import type { IdentityService } from './service';
import type { Principal } from './types';

const PRINCIPAL = 'principal';

/**
 * Middleware that resolves `Authorization: Bearer <api key>` to a principal and
 * checks a scope. Other modules get it through the identity API, so they never
 * see keys or hashes.
 */
export function requireScope(service: IdentityService, failures: Counter<'reason'>, scope: Scope | null): RequestHandler {
  const admit = (principal: Principal | null | undefined, res: Response, next: NextFunction) => {
    if (!principal) {
      failures.inc({ reason: 'invalid' });
      throw new Unauthorized('The API key is not valid or has been revoked');
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
      throw new Unauthorized('Send an API key as Authorization: Bearer <key>');
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

import { bearerMatches } from './bearer';
import { Unauthenticated } from '../errors';
import { guard, type Guard } from './operation';

/**
 * Guards the /internal routes one Shortline process serves another (a module
 * run elsewhere, see docs/architecture/extraction.md): `Authorization: Bearer
 * <INTERNAL_TOKEN>`, compared in constant time. The routes exist only when
 * INTERNAL_TOKEN is set; the proxy in front should not expose /internal.
 */
export function requireInternalToken(token: string): Guard {
  return guard(
    (req, _res, next) => {
      if (!bearerMatches(req.headers.authorization, token))
        throw new Unauthenticated('This internal route needs Authorization: Bearer <INTERNAL_TOKEN>');
      next();
    },
    { scheme: 'internalToken' },
  );
}

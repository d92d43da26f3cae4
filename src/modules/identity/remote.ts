import type { CacheRegistry } from '../../shared/cache';
import { answer, internalCall, type InternalTarget, type OutboundClient } from '../../shared/outbound';
import type { IdentityApi } from './api';
import { SESSION_CACHE } from './accounts/account-service';
import { API_KEY_CACHE } from './service';
import { hashToken, isToken } from './tokens';
import { principalLookupSchema } from './http/schemas';
import type { Principal } from './types';

/** What a module run apart from identity needs of it: authentication of its routes. */
export type RemoteIdentityApi = Pick<IdentityApi, 'authenticate' | 'cachedPrincipal'>;

export interface RemoteIdentityOptions {
  outbound: OutboundClient;
  /** The process running identity (CORE_URL) and the INTERNAL_TOKEN. */
  target: InternalTarget;
  caches: CacheRegistry;
  ttlSeconds: number;
  cacheEnabled: boolean;
}

/**
 * identity's authentication (`authenticate`, `cachedPrincipal`) for a process that does not run
 * identity: a key or session is resolved by identity's process (POST
 * /internal/identity/principals) and cached here as there, under the same
 * cache names and token hashes, so revoking a key or ending a session
 * (identity invalidates `identity:api-keys` or `identity:sessions` through the
 * database's notification channel, which this process listens to when it
 * shares the database) reaches these caches too. If identity's process does
 * not answer, requests get 503, not 401.
 */
export function remoteIdentity(options: RemoteIdentityOptions): RemoteIdentityApi {
  const cacheOptions = { ttlSeconds: options.ttlSeconds, enabled: options.cacheEnabled && options.ttlSeconds > 0 };
  const keys = options.caches.create<Principal>(API_KEY_CACHE, cacheOptions);
  const sessions = options.caches.create<Principal>(SESSION_CACHE, cacheOptions);
  const cacheOf = (token: string) => (isToken('apiKey', token) ? keys : isToken('session', token) ? sessions : undefined);
  // A session is never extended: once past its end it is invalid, whatever a cache still holds.
  const live = (principal: Principal | undefined) => (principal?.expiresAt != null && principal.expiresAt <= Date.now() ? undefined : principal);
  return {
    cachedPrincipal: (token) => {
      const cache = cacheOf(token);
      if (!cache) return null;
      const principal = cache.peek(hashToken(token));
      return principal === null ? null : live(principal);
    },
    authenticate: async (token) => {
      const cache = cacheOf(token);
      if (!cache) return undefined;
      const load = async () => {
        const json = await internalCall(options.outbound, options.target, 'POST', '/internal/identity/principals', { key: token });
        return answer(principalLookupSchema, json, options.target).principal ?? undefined;
      };
      return live(await cache.getOrLoad(hashToken(token), load));
    },
  };
}

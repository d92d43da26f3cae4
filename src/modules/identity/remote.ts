import type { CacheRegistry } from '../../shared/cache';
import { answer, internalCall, type InternalTarget, type OutboundClient } from '../../shared/outbound';
import { hashApiKey, looksLikeApiKey } from './api-key';
import type { IdentityApi } from './api';
import { API_KEY_CACHE } from './service';
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
 * identity: a key is resolved by identity's process (POST
 * /internal/identity/principals) and cached here as there, under the same
 * cache name and key hash, so revoking a key (identity invalidates
 * `identity:api-keys` through the database's notification channel, which
 * this process listens to when it shares the database) reaches this cache
 * too. If identity's process does not answer, requests get 503, not 401.
 */
export function remoteIdentity(options: RemoteIdentityOptions): RemoteIdentityApi {
  const cache = options.caches.create<Principal>(API_KEY_CACHE, {
    ttlSeconds: options.ttlSeconds,
    enabled: options.cacheEnabled && options.ttlSeconds > 0,
  });
  return {
    cachedPrincipal: (key) => (looksLikeApiKey(key) ? cache.peek(hashApiKey(key)) : null),
    authenticate: async (key) => {
      if (!looksLikeApiKey(key)) return undefined;
      return cache.getOrLoad(hashApiKey(key), async () => {
        const json = await internalCall(options.outbound, options.target, 'POST', '/internal/identity/principals', { key });
        return answer(principalLookupSchema, json, options.target).principal ?? undefined;
      });
    },
  };
}

import { identityMigrations } from '../../../migrations/identity';
import { MAIN_SHARD } from '../../shared/config';
import { bearerToken } from '../../shared/http/bearer';
import type { ModuleDefinition } from '../../shared/module';
import type { IdentityApi } from './api';
import { identitySettings, type IdentitySettings } from './settings';
import type { Placement, Principal } from './types';
import { authFailures, principalOf, requireScope } from './http/authenticate';
import { IdentityRepository } from './data/identity-repository';
import { identityRouter } from './http/routes';
import { API_KEY_CACHE, IdentityService, PLACEMENT_CACHE } from './service';

export const identityModule: ModuleDefinition<IdentityApi, Record<string, never>, IdentitySettings> = {
  name: 'identity',
  description: 'Workspaces (tenants), API keys and their scopes; authenticates every API request.',
  dependsOn: [],
  migrations: identityMigrations,
  settings: identitySettings,
  create({ db, config, settings, metrics, caches }) {
    const ttl = settings.apiKeyCacheTtlSeconds;
    const keyCache = caches.create<Principal>(API_KEY_CACHE, { ttlSeconds: ttl, enabled: config.cache.enabled && ttl > 0 });
    const placements = caches.create<Placement>(PLACEMENT_CACHE, { enabled: config.cache.enabled });
    const shards = [MAIN_SHARD, ...config.db.shards.map((shard) => shard.name)];
    const service = new IdentityService(new IdentityRepository(db), caches, keyCache, placements, shards);
    const failures = authFailures(metrics);
    const api: IdentityApi = {
      requireScope: (scope) => requireScope(service, failures, scope),
      principalOf,
      createWorkspace: (name) => service.createWorkspace(name),
      countWorkspaces: () => service.countWorkspaces(),
      findWorkspace: (id) => service.findWorkspace(id),
      placementOf: (id) => service.placementOf(id),
      countByShard: () => service.countByShard(),
      beginMove: (id) => service.beginMove(id),
      endMove: (id, shard) => service.endMove(id, shard),
      async workspaceOfRequest(req) {
        const key = bearerToken(req.headers.authorization);
        if (key === undefined) return undefined;
        const principal = service.cachedPrincipal(key) ?? (await service.authenticate(key));
        return principal?.workspaceId;
      },
    };
    return { api, router: identityRouter(service, api, settings.adminToken, config.remote.internalToken) };
  },
};

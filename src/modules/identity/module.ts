import { identityMigrations } from '../../../migrations/identity';
import { MAIN_SHARD } from '../../shared/config';
import { bearerAuth } from '../../shared/http/auth';
import type { ModuleDefinition } from '../../shared/module';
import type { IdentityApi } from './api';
import { identitySettings, type IdentitySettings } from './settings';
import type { Placement, Principal } from './types';
import { IdentityRepository } from './data/identity-repository';
import { identityRouter } from './http/routes';
import { API_KEY_CACHE, IdentityService, PLACEMENT_CACHE } from './service';

export const identityModule: ModuleDefinition<IdentityApi, Record<string, never>, IdentitySettings> = {
  name: 'identity',
  description: 'Workspaces (tenants), API keys and their scopes; authenticates every API request.',
  dependsOn: [],
  // The workspace directory and the API keys are looked up before the workspace (and so its shard) is known.
  global: true,
  migrations: identityMigrations,
  settings: identitySettings,
  create({ db, config, settings, metrics, caches }) {
    const ttl = settings.apiKeyCacheTtlSeconds;
    const keyCache = caches.create<Principal>(API_KEY_CACHE, { ttlSeconds: ttl, enabled: config.cache.enabled && ttl > 0 });
    const placements = caches.create<Placement>(PLACEMENT_CACHE, { enabled: config.cache.enabled });
    const shards = [MAIN_SHARD, ...config.db.shards.map((shard) => shard.name)];
    const service = new IdentityService(new IdentityRepository(db), caches, keyCache, placements, shards);
    const api: IdentityApi = {
      authenticate: (key) => service.authenticate(key),
      cachedPrincipal: (key) => service.cachedPrincipal(key),
      createWorkspace: (name) => service.createWorkspace(name),
      countWorkspaces: () => service.countWorkspaces(),
      findWorkspace: (id) => service.findWorkspace(id),
      placementOf: (id) => service.placementOf(id),
      countByShard: () => service.countByShard(),
      beginMove: (id) => service.beginMove(id),
      endMove: (id, shard) => service.endMove(id, shard),
    };
    return { api, router: identityRouter(service, bearerAuth(api, metrics), settings.adminToken, config.remote.internalToken) };
  },
};

import { identityMigrations } from '../../../migrations/identity';
import type { ModuleDefinition } from '../../shared/module';
import type { IdentityApi } from './api';
import type { Principal } from './types';
import { authFailures, principalOf, requireScope } from './authenticate';
import { IdentityRepository } from './repository';
import { identityRouter } from './routes';
import { API_KEY_CACHE, IdentityService } from './service';

export const identityModule: ModuleDefinition<IdentityApi> = {
  name: 'identity',
  description: 'Workspaces (tenants), API keys and their scopes; authenticates every API request.',
  dependsOn: [],
  migrations: identityMigrations,
  create({ db, config, metrics, caches }) {
    const ttl = config.identity.apiKeyCacheTtlSeconds;
    const keyCache = caches.create<Principal>(API_KEY_CACHE, { ttlSeconds: ttl, enabled: config.cache.enabled && ttl > 0 });
    const service = new IdentityService(new IdentityRepository(db), caches, keyCache);
    const failures = authFailures(metrics);
    const api: IdentityApi = {
      requireScope: (scope) => requireScope(service, failures, scope),
      principalOf,
      createWorkspace: (name) => service.createWorkspace(name),
      countWorkspaces: () => service.countWorkspaces(),
      findWorkspace: (id) => service.findWorkspace(id),
    };
    return { api, router: identityRouter(service, api, config.adminToken, config.remote.internalToken) };
  },
};

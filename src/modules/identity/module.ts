import { identityMigrations } from '../../../migrations/identity';
import { MAIN_SHARD } from '../../shared/config';
import { Invalid } from '../../shared/errors';
import { callerAuth } from '../../shared/http/auth';
import type { ModuleDefinition } from '../../shared/module';
import { AccountService, SESSION_CACHE } from './accounts/account-service';
import { MemberService } from './accounts/member-service';
import { SessionOrigin } from './accounts/session-origin';
import { SignInThrottle } from './accounts/sign-in-throttle';
import type { IdentityApi } from './api';
import { AccountRepository } from './data/account-repository';
import { identitySettings, type IdentitySettings } from './settings';
import type { Placement, Principal } from './types';
import { IdentityRepository } from './data/identity-repository';
import { identityRouter } from './http/routes';
import { pruneExpiredTask } from './jobs/prune-expired.job';
import { sendMailTask } from './jobs/send-mail.job';
import { API_KEY_CACHE, IdentityService, PLACEMENT_CACHE } from './service';

export const identityModule: ModuleDefinition<IdentityApi, Record<string, never>, IdentitySettings> = {
  name: 'identity',
  description: 'Workspaces (tenants), people (accounts, roles, sessions, invitations) and API keys; authenticates every API request.',
  dependsOn: [],
  // The workspace directory, API keys and sessions are looked up before the workspace (and so its shard) is known.
  global: true,
  migrations: identityMigrations,
  settings: identitySettings,
  create({ db, config, settings, metrics, rateLimits, caches, events }) {
    const ttl = settings.apiKeyCacheTtlSeconds;
    const credentialCache = { ttlSeconds: ttl, enabled: config.cache.enabled && ttl > 0 };
    const keyCache = caches.create<Principal>(API_KEY_CACHE, credentialCache);
    const sessionCache = caches.create<Principal>(SESSION_CACHE, credentialCache);
    const placements = caches.create<Placement>(PLACEMENT_CACHE, { enabled: config.cache.enabled });
    const shards = [MAIN_SHARD, ...config.db.shards.map((shard) => shard.name)];
    const mail = settings.smtp && sendMailTask(settings.smtp);
    const accountRepo = new AccountRepository(db);
    const origin = new SessionOrigin();
    const accounts = new AccountService(accountRepo, caches, sessionCache, new SignInThrottle(db), events, {
      sessionLifetimeSeconds: settings.sessionLifetimeSeconds,
      publicBaseUrl: config.publicBaseUrl,
      mail,
    });
    const members = new MemberService(accountRepo, accounts, events, {
      invitationLifetimeSeconds: settings.invitationLifetimeSeconds,
      publicBaseUrl: config.publicBaseUrl,
      mail,
    });
    const service = new IdentityService(new IdentityRepository(db), caches, keyCache, placements, shards, accounts, events);
    const api: IdentityApi = {
      authenticate: (token) => service.authenticate(token),
      cachedPrincipal: (token) => service.cachedPrincipal(token),
      createWorkspace: (name) => service.createWorkspace(name),
      countWorkspaces: () => service.countWorkspaces(),
      findWorkspace: (id) => service.findWorkspace(id),
      placementOf: (id) => service.placementOf(id),
      countByShard: () => service.countByShard(),
      beginMove: (id) => service.beginMove(id),
      endMove: (id, shard) => service.endMove(id, shard),
      createUser: (input) => accounts.createUser(input),
      setPassword: (email, password) => accounts.setPassword(email, password),
      connectSessionOrigin: (check) => origin.connect(check),
    };
    const router = identityRouter(service, accounts, members, callerAuth(api, { metrics, rateLimits }), {
      adminToken: settings.adminToken,
      internalToken: config.remote.internalToken,
      sessionLifetimeSeconds: settings.sessionLifetimeSeconds,
      publicBaseUrl: config.publicBaseUrl,
      origin,
      signInLimit: rateLimits.define('sign-in', settings.signInRateLimit),
      passwordResetLimit: rateLimits.define('password-resets', settings.passwordResetRateLimit),
    });
    return {
      api,
      router,
      tasks: [pruneExpiredTask(accounts), ...(mail ? [mail] : [])],
      // The workspace itself; its keys, members and sessions are credentials of this installation and stay (docs/adr/0018).
      portable: {
        tables: [{ table: 'identity.workspaces', key: 'id', redact: { shard: MAIN_SHARD, moving_since: null } }],
        async afterImport(trx, workspaceId) {
          if (!(await trx('identity.workspaces').where({ id: workspaceId }).first())) throw new Invalid('The workspace file holds no workspace row');
          // "No such workspace" may be cached.
          await caches.invalidate(trx, PLACEMENT_CACHE, [workspaceId]);
        },
      },
    };
  },
};

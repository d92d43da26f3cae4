import { domainsMigrations } from '../../../migrations/domains';
import { callerAuth } from '../../shared/http/auth';
import type { ModuleDefinition } from '../../shared/module';
import type { IdentityApi } from '../identity';
import type { DomainsApi } from './api';
import { DefaultHosts } from './default-hosts';
import { DomainsRepository } from './data/domains-repository';
import { domainsRouter } from './http/routes';
import { recheckPendingTask } from './jobs/recheck-pending.job';
import { HOST_CACHE, DomainsService } from './service';
import { domainsSettings, type DomainsSettings } from './settings';
import type { DomainHost } from './types';
import { DnsVerifier } from './verification';

export interface DomainsDeps {
  identity: IdentityApi;
}

export const domainsModule: ModuleDefinition<DomainsApi, DomainsDeps, DomainsSettings> = {
  name: 'domains',
  description: "Workspaces' custom domains, verified by DNS, with where / and unknown slugs go; which host is which domain, for the redirect.",
  dependsOn: ['identity'],
  // Service-wide: the redirect asks for a host before it knows any workspace.
  global: true,
  migrations: domainsMigrations,
  settings: domainsSettings,
  create({ db, config, settings, caches, events, logger, metrics, rateLimits }, { identity }) {
    const repo = new DomainsRepository(db);
    const hosts = caches.create<DomainHost>(HOST_CACHE);
    const service = new DomainsService(
      repo,
      caches,
      hosts,
      new DefaultHosts(config.publicBaseUrl, settings.defaultHosts),
      new DnsVerifier({ servers: settings.dnsServers, timeoutMs: settings.dnsTimeoutMs }),
      events,
      { maxPerWorkspace: settings.maxPerWorkspace },
    );
    return {
      // Verified domains stay verified (the re-check job looks at their DNS again); a hostname this installation has is a conflict.
      portable: {
        tables: [{ table: 'domains.domains' }],
        async afterImport(trx, workspaceId) {
          const hostnames = (await trx('domains.domains').where({ workspace_id: workspaceId }).pluck('hostname')) as string[];
          // "Unknown host" may be cached.
          if (hostnames.length > 0) await caches.invalidate(trx, HOST_CACHE, hostnames);
        },
      },
      api: {
        cachedHost: (host) => service.cachedHost(host),
        resolveHost: (host) => service.resolveHost(host),
        domainForLink: (workspaceId, hostname) => service.domainForLink(workspaceId, hostname),
        connectUsage: (usage) => service.connectUsage(usage),
      },
      router: domainsRouter(service, callerAuth(identity, { metrics, rateLimits })),
      tasks: [recheckPendingTask(repo, service, settings.pendingDays, logger)],
    };
  },
};

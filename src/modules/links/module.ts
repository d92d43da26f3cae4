import { linksMigrations } from '../../../migrations/links';
import type { ModuleDefinition } from '../../shared/module';
import type { IdentityApi } from '../identity';
import type { LinksApi } from './api';
import type { ClickSink } from './click-sink';
import { redirectHandler } from './redirect';
import { LinksRepository } from './repository';
import { linksRouter } from './routes';
import { linkSchemas } from './schemas';
import { LinksService, REDIRECT_CACHE } from './service';
import type { RedirectTarget } from './types';

export interface LinksDeps {
  identity: IdentityApi;
  /** Where served redirects report clicks (the analytics module, or a no-op). */
  clickSink: ClickSink;
}

export const linksModule: ModuleDefinition<LinksApi, LinksDeps> = {
  name: 'links',
  description: 'Short links and the public redirect GET /:slug, with its cache.',
  dependsOn: ['identity'],
  migrations: linksMigrations,
  create({ db, config, caches, events, logger, metrics }, { identity, clickSink }) {
    const redirects = caches.create<RedirectTarget>(REDIRECT_CACHE);
    const service = new LinksService(new LinksRepository(db), caches, redirects, events, {
      publicBaseUrl: config.publicBaseUrl,
      defaultMaxLinks: config.links.maxPerWorkspace,
    });
    return {
      api: { setWorkspaceLimit: (workspaceId, maxLinks) => service.setWorkspaceLimit(workspaceId, maxLinks) },
      router: linksRouter(service, identity, linkSchemas(new URL(config.publicBaseUrl).hostname.toLowerCase())),
      hotPath: redirectHandler({
        service,
        clickSink,
        countryHeader: config.links.countryHeader,
        trustProxy: config.trustProxy !== false,
        logger,
        metrics,
      }),
    };
  },
};

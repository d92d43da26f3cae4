import { linksMigrations } from '../../../migrations/links';
import { callerAuth } from '../../shared/http/auth';
import { Conflict } from '../../shared/errors';
import { UserAgentClassifier } from '../../shared/http/user-agent';
import type { ModuleDefinition } from '../../shared/module';
import type { IdentityApi } from '../identity';
import type { DomainsApi } from '../domains';
import { hostKey } from '../../shared/http/host';
import type { LinksApi } from './api';
import { ClickRelay } from './redirect/click-sink';
import { queuePendingPreviewsTask } from './jobs/queue-pending-previews.job';
import { PreviewScheduler } from './previews/preview-scheduler';
import { fetchPreviewTask } from './jobs/fetch-preview.job';
import { keyOn, redirectHandlers, redirectKey } from './redirect/redirect';
import { unlockHandler } from './redirect/unlock';
import { ClickAllowance } from './rules/click-allowance';
import { LinksRepository } from './data/links-repository';
import { redirectOperations } from './http/redirect-operations';
import { linksRouter } from './http/routes';
import { qrRoutes } from './http/qr-routes';
import { QrCodes, qrSlugKey } from './qr/qr-codes';
import { QR_LOGO_CACHE, QR_LOGO_CACHE_KEYS, QrLogos, type QrLogo } from './qr/qr-logos';
import { linkSchemas } from './http/schemas';
import { SLUG_OWNER_CACHE, SlugDirectory } from './slugs/slug-directory';
import { REDIRECT_CACHE } from './link-writes';
import { LinksService } from './service';
import { importItem } from './create/import-items';
import { LinkExport } from './exports/link-export';
import { LinkRows } from './link-rows';
import { linksSettings, type LinksSettings } from './settings';
import type { RedirectTarget } from './redirect/redirect-target';

export interface LinksDeps {
  identity: IdentityApi;
  domains: DomainsApi;
}

export const linksModule: ModuleDefinition<LinksApi, LinksDeps, LinksSettings> = {
  name: 'links',
  description: 'Short links with previews of their targets and QR codes, and the public redirect GET /:slug (by host and slug) with its cache.',
  dependsOn: ['identity', 'domains'],
  migrations: linksMigrations,
  settings: linksSettings,
  create({ db, mainDb, reads, config, settings, caches, events, logger, metrics, rateLimits, outbound, geo }, { identity, domains }) {
    // An unknown slug is remembered as long as a known one: every write that
    // makes a slug resolve (a create, a new slug) invalidates its key in every
    // process, so a repeated unknown slug costs no query once warm.
    const redirects = caches.create<RedirectTarget>(REDIRECT_CACHE, { negativeTtlSeconds: config.cache.ttlSeconds });
    const repository = new LinksRepository(db);
    // Registered even with previews off, so jobs queued while they were on are
    // settled (their pending marker cleared) instead of waiting for good.
    const previewTask = fetchPreviewTask({
      repo: repository,
      outbound,
      enabled: settings.previews,
      timeoutMs: settings.previewTimeoutMs,
      deferMs: config.outbound.breaker.halfOpenAfterMs,
      logger,
      metrics,
    });
    const previews = settings.previews ? new PreviewScheduler(db, previewTask, logger) : undefined;
    const sharded = config.db.shards.length > 0;
    const slugs = new SlugDirectory({
      db,
      main: mainDb,
      caches,
      sharded,
      owners: sharded && !mainDb ? caches.create<string>(SLUG_OWNER_CACHE) : undefined,
    });
    const service = new LinksService(repository, caches, redirects, events, reads, slugs, {
      publicBaseUrl: config.publicBaseUrl,
      domains,
      defaultMaxLinks: settings.maxPerWorkspace,
      previews,
    });
    const clickSink = new ClickRelay();
    const allowance = new ClickAllowance(
      {
        claim: (workspaceId, linkId) => repository.claimClicks(workspaceId, linkId),
        giveBack: (workspaceId, linkId, count) => repository.giveBackClicks(workspaceId, linkId, count),
      },
      logger,
    );
    const secureCookies = config.publicBaseUrl.startsWith('https:');
    const redirect = redirectHandlers({
      service,
      domains,
      clickSink,
      countryHeader: settings.countryHeader,
      geo,
      classifier: new UserAgentClassifier(),
      allowance,
      secureCookies,
      publicBaseUrl: config.publicBaseUrl,
      unknownSlugLimit: rateLimits.define('unknown-slugs', settings.unknownSlugRateLimit),
      logger,
      metrics,
    });
    const unlock = unlockHandler({ service, domains, rememberSeconds: settings.passwordRememberSeconds, secureCookies, metrics });
    const auth = callerAuth(identity, { metrics, rateLimits });
    const schemas = linkSchemas(config.publicBaseUrl);
    const exporter = new LinkExport(repository, new LinkRows(config.publicBaseUrl, settings.previews));
    const router = linksRouter(
      service,
      auth,
      schemas,
      config.remote.internalToken,
      { handle: unlock, limit: rateLimits.define('link-unlock', settings.unlockRateLimit) },
      { exporter, metrics, logger },
    );
    const logos = new QrLogos(db, reads, caches, caches.create<QrLogo>(QR_LOGO_CACHE, { maxKeys: QR_LOGO_CACHE_KEYS }));
    qrRoutes(router, new QrCodes(service, domains, logos, config.publicBaseUrl, metrics), logos, auth);
    return {
      api: {
        setWorkspaceLimit: (workspaceId, maxLinks) => service.setWorkspaceLimit(workspaceId, maxLinks),
        getLink: (workspaceId, id) => service.findLink(workspaceId, id),
        findLinks: (workspaceId, ids) => service.findLinks(workspaceId, ids),
        connectClickSink: (sink) => clickSink.connect(sink),
        connectClickTotals: (totals) => exporter.connect(totals),
        slugOwner(method, path, host) {
          const slug = redirectKey(method, path) ?? qrSlugKey(method, path);
          if (slug === undefined) return undefined;
          return domains.resolveHost(hostKey(host)).then((domain) => {
            if (domain === 'unknown') return undefined;
            // A custom domain's links are its workspace's: no directory look-up needed.
            return domain === 'default' ? service.slugOwner(keyOn(domain, slug)) : domain.workspaceId;
          });
        },
        linksOnDomain: (hostname) => service.linksOnDomain(hostname),
        importLinks: (workspaceId, links) =>
          service.importLinks(
            workspaceId,
            links.map((link) => importItem(schemas, link)),
          ),
      },
      router,
      fastPath: redirect.fastPath,
      hotPath: redirect.hotPath,
      operations: redirectOperations,
      tasks: [previewTask, queuePendingPreviewsTask(repository, previewTask, logger)],
      stop: async () => {
        await previews?.stop();
        await allowance.stop();
      },
      portable: {
        tables: [{ table: 'links.links' }, { table: 'links.workspace_usage' }, { table: 'links.qr_logos' }],
        // The slug register is service-wide: the links' slugs are claimed in it, and refused if another workspace holds one.
        async afterImport(trx, workspaceId) {
          const keys = await new LinksRepository(trx).slugKeysOf(workspaceId);
          const held = await slugs.ledger(workspaceId, trx).claim(keys);
          const taken = keys.filter((key) => !held.has(key));
          if (taken.length > 0) {
            const shown = taken.slice(0, 10).join(', ') + (taken.length > 10 ? ` and ${taken.length - 10} more` : '');
            throw new Conflict(`${taken.length} of the workspace's slugs are taken in this installation: ${shown}`);
          }
          // "Unknown slug" may be cached.
          if (keys.length > 0) await caches.invalidate(trx, REDIRECT_CACHE, keys);
          await caches.invalidate(trx, QR_LOGO_CACHE, [workspaceId]);
        },
      },
      workspaceData: {
        tables: ['links.links', 'links.workspace_usage', 'links.qr_logos'],
        // The slug directory is global: it does not move. The old shard's caches must forget the links' keys.
        async beforeRemove(trx, workspaceId) {
          const keys = await new LinksRepository(trx).slugKeysOf(workspaceId);
          if (keys.length > 0) await caches.invalidate(trx, REDIRECT_CACHE, keys);
          await caches.invalidate(trx, QR_LOGO_CACHE, [workspaceId]);
        },
      },
    };
  },
};

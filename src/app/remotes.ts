import { remoteAnalytics, type AnalyticsApi } from '../modules/analytics';
import { remoteIdentity } from '../modules/identity';
import { remoteLinks } from '../modules/links';
import type { RemoteApis } from './registry';
import type { CacheRegistry } from '../shared/cache';
import type { ShortlineConfig } from './config';
import type { Logger } from '../shared/logging';
import type { Metrics } from '../shared/metrics';
import type { OutboundClient } from '../shared/outbound';

/**
 * The composition root's half of a split deployment (docs/architecture/extraction.md):
 * which modules this process reaches over HTTP instead of running them.
 *
 * - CORE_URL, in a process that runs analytics without identity and links:
 *   their remote clients, for analytics' authentication and link look-ups.
 * - ANALYTICS_URL, in a process that runs links without analytics: analytics'
 *   remote client, which sends the redirects' clicks there.
 */
interface Platform {
  config: ShortlineConfig;
  outbound: OutboundClient;
  caches: CacheRegistry;
  logger: Logger;
  metrics: Metrics;
}

export function remoteApis(enabled: ReadonlySet<string>, { config, outbound, caches }: Platform): RemoteApis {
  const { coreUrl, internalToken } = config.remote;
  if (coreUrl === undefined) return {};
  if (!enabled.has('analytics') || (enabled.has('identity') && enabled.has('links'))) {
    throw new Error('CORE_URL is for a process that runs analytics without identity and links (MODULES=analytics); unset it here');
  }
  const target = { name: 'identity and links (CORE_URL)', baseUrl: coreUrl, token: internalToken! };
  return {
    identity: enabled.has('identity')
      ? undefined
      : remoteIdentity({
          outbound,
          target,
          caches,
          ttlSeconds: config.settings.identity.apiKeyCacheTtlSeconds,
          cacheEnabled: config.cache.enabled,
        }),
    links: enabled.has('links') ? undefined : remoteLinks(outbound, target),
  };
}

/** Analytics' remote client, for this process's redirects to send their clicks to; undefined without ANALYTICS_URL. */
export function remoteAnalyticsClient(
  enabled: ReadonlySet<string>,
  { config, outbound, logger, metrics }: Platform,
): (AnalyticsApi & { stop(): Promise<void> }) | undefined {
  const { analyticsUrl, internalToken } = config.remote;
  if (analyticsUrl === undefined) return undefined;
  if (enabled.has('analytics'))
    throw new Error('ANALYTICS_URL is for a process that does not run analytics; unset it, or leave analytics out of MODULES');
  if (!enabled.has('links')) throw new Error('ANALYTICS_URL needs the links module in this process: its redirects are what produce clicks');
  return remoteAnalytics({
    outbound,
    target: { name: 'analytics (ANALYTICS_URL)', baseUrl: analyticsUrl, token: internalToken! },
    settings: config.settings.analytics,
    stopBudgetMs: config.http.shutdownTimeoutMs,
    logger: logger.child({ module: 'analytics-client' }),
    metrics,
  });
}

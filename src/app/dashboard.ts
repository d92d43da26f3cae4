import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DomainsApi } from '../modules/domains';
import { hostKey } from '../shared/http/host';

/**
 * The web dashboard (web/, docs/dashboard.md): a client of the public API
 * like any other, served by the platform's web-app handler under /app from
 * the build `npm run build` writes (scripts/web/build.ts).
 */
export const DASHBOARD_BASE = '/app';

/** dist/web at the project's root: the nearest package.json above this file, whether it runs from src/app or dist/src/app. */
export function defaultDashboardDirectory(): string {
  let directory = __dirname;
  while (!existsSync(path.join(directory, 'package.json')) && path.dirname(directory) !== directory) directory = path.dirname(directory);
  return path.join(directory, 'dist', 'web');
}

/**
 * Which hosts serve the dashboard and may start sessions: the default
 * domain's (PUBLIC_BASE_URL's, DEFAULT_DOMAIN_HOSTS), never a workspace's
 * custom domain, whose `/` and slugs stay its own and whose DNS its
 * workspace controls. Without the domains module, every host.
 */
export function dashboardOrigin(domains: DomainsApi | undefined): (host: string) => Promise<boolean> {
  if (!domains) return () => Promise.resolve(true);
  return async (host) => {
    const key = hostKey(host);
    return (domains.cachedHost(key) ?? (await domains.resolveHost(key))) === 'default';
  };
}

import { analyticsModule, type AnalyticsApi } from '../modules/analytics';
import { auditModule, type AuditApi } from '../modules/audit';
import { domainsModule, type DomainsApi } from '../modules/domains';
import { identityModule, type IdentityApi, type RemoteIdentityApi } from '../modules/identity';
import { importsModule, type ImportsApi } from '../modules/imports';
import { linksModule, type LinksApi, type RemoteLinksApi } from '../modules/links';
import { webhooksModule, type WebhooksApi } from '../modules/webhooks';
import type { AnyModuleDefinition } from '../shared/module';

/**
 * The module registry: which modules this build of Shortline has, in
 * dependency order. Each is built from its definition alone (cell.ts hands
 * it the APIs its `dependsOn` names), so adding a module is one line here.
 * MODULES may enable a subset — the first step of extracting a module into a
 * service of its own (see the extraction docs).
 */
export const registry: readonly AnyModuleDefinition[] = [
  identityModule,
  domainsModule,
  linksModule,
  analyticsModule,
  webhooksModule,
  auditModule,
  importsModule,
];

/** The public API of each module, by name. */
export interface KnownApis {
  identity: IdentityApi;
  domains: DomainsApi;
  links: LinksApi;
  analytics: AnalyticsApi;
  webhooks: WebhooksApi;
  audit: AuditApi;
  imports: ImportsApi;
}

/** Remote clients of modules this process does not run, from CORE_URL (see remotes.ts). */
export interface RemoteApis {
  identity?: RemoteIdentityApi;
  links?: RemoteLinksApi;
}

/**
 * Dependencies a module can also take as remote clients (CORE_URL) when this
 * process does not run them: analytics reaches identity and links over HTTP.
 */
export const remoteDeps: Readonly<Record<string, readonly string[]>> = { analytics: ['identity', 'links'] };

/** The APIs of the modules built in one cell; `get` names what is missing instead of handing out undefined. */
export class ModuleApis {
  private readonly apis = new Map<string, unknown>();

  set(name: string, api: unknown): void {
    this.apis.set(name, api);
  }

  /** The module's API, or undefined where this process does not run it. */
  find<K extends keyof KnownApis>(name: K): KnownApis[K] | undefined {
    return this.apis.get(name) as KnownApis[K] | undefined;
  }

  /** The module's API; throws where this process does not run it (MODULES). */
  get<K extends keyof KnownApis>(name: K): KnownApis[K] {
    const api = this.find(name);
    if (api === undefined) throw new Error(`the ${name} module does not run in this process (check MODULES)`);
    return api;
  }
}

/**
 * The modules MODULES enables (all when unset), checked for unknown names and
 * missing dependencies; with `coreUrl` (CORE_URL), a module's `remoteDeps`
 * need not be enabled: they are reached there.
 */
export function selectModules(names: readonly string[] | undefined, coreUrl?: string): readonly AnyModuleDefinition[] {
  if (names === undefined) return registry;
  const known = registry.map((definition) => definition.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new Error(`MODULES names unknown modules: ${unknown.join(', ')} (known: ${known.join(', ')})`);
  const selected = registry.filter((definition) => names.includes(definition.name));
  // eventsFrom is not required here: those modules' events arrive through the
  // shared job queue from whichever deployment runs them.
  for (const definition of selected) {
    const reachable = remoteDeps[definition.name] ?? [];
    const remote = coreUrl === undefined ? [] : reachable;
    const missing = definition.dependsOn.filter((dep) => !names.includes(dep) && !remote.includes(dep));
    if (missing.length > 0) {
      const hint = reachable.length > 0 && coreUrl === undefined ? ` (or set CORE_URL to reach ${reachable.join(' and ')} in another process)` : '';
      throw new Error(`MODULES enables "${definition.name}" without its dependencies: ${missing.join(', ')}${hint}`);
    }
  }
  return selected;
}

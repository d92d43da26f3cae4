import { analyticsModule, type AnalyticsApi } from '../modules/analytics';
import { identityModule, type IdentityApi, type RemoteIdentityApi } from '../modules/identity';
import { linksModule, type LinksApi, type RemoteLinksApi } from '../modules/links';
import { webhooksModule, type WebhooksApi } from '../modules/webhooks';
import type { ModuleContext, ModuleDefinition, ModuleInstance } from '../shared/module';

/**
 * The module registry: which modules this build of Shortline has, in dependency
 * order, and how each is wired to the public APIs of the modules it depends on.
 * MODULES may enable a subset — the first step of extracting a module into a
 * service of its own (the rest of the path is in docs/ARCHITECTURE.md).
 */

/** Public APIs of the modules built so far, filled in registry order. */
export interface ModuleApis {
  identity?: IdentityApi;
  links?: LinksApi;
  analytics?: AnalyticsApi;
  webhooks?: WebhooksApi;
}

/** Remote clients of modules this process does not run, from CORE_URL (see remotes.ts). */
export interface RemoteApis {
  identity?: RemoteIdentityApi;
  links?: RemoteLinksApi;
}

export interface RegistryEntry {
  definition: ModuleDefinition<unknown, never>;
  /** Dependencies the module can also take as remote clients (CORE_URL) when this process does not run them. */
  remoteDeps?: readonly string[];
  build(context: ModuleContext, apis: ModuleApis, remotes: RemoteApis): ModuleInstance<unknown>;
}

export const registry: readonly RegistryEntry[] = [
  {
    definition: identityModule,
    build: (context, apis) => {
      const instance = identityModule.create(context, {});
      apis.identity = instance.api;
      return instance;
    },
  },
  {
    definition: linksModule,
    build: (context, apis) => {
      const instance = linksModule.create(context, { identity: required(apis.identity, 'identity') });
      apis.links = instance.api;
      return instance;
    },
  },
  {
    definition: analyticsModule,
    remoteDeps: ['identity', 'links'],
    build: (context, apis, remotes) => {
      // Connects its click sink to links (without analytics, redirects record no clicks).
      const instance = analyticsModule.create(context, {
        identity: required(apis.identity ?? remotes.identity, 'identity'),
        links: required(apis.links ?? remotes.links, 'links'),
      });
      apis.analytics = instance.api;
      return instance;
    },
  },
  {
    definition: webhooksModule,
    build: (context, apis) => {
      const instance = webhooksModule.create(context, { identity: required(apis.identity, 'identity') });
      apis.webhooks = instance.api;
      return instance;
    },
  },
];

function required<T>(api: T | undefined, name: string): T {
  if (api === undefined) throw new Error(`module "${name}" is needed but not built`);
  return api;
}

/**
 * The entries MODULES enables (all when unset), checked for unknown names and
 * missing dependencies; with `coreUrl` (CORE_URL), a module's `remoteDeps`
 * need not be enabled: they are reached there.
 */
export function selectModules(names: readonly string[] | undefined, coreUrl?: string): readonly RegistryEntry[] {
  if (names === undefined) return registry;
  const known = registry.map((entry) => entry.definition.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new Error(`MODULES names unknown modules: ${unknown.join(', ')} (known: ${known.join(', ')})`);
  const selected = registry.filter((entry) => names.includes(entry.definition.name));
  // eventsFrom is not required here: those modules' events arrive through the
  // shared job queue from whichever deployment runs them.
  for (const entry of selected) {
    const remote = coreUrl === undefined ? [] : (entry.remoteDeps ?? []);
    const missing = entry.definition.dependsOn.filter((dep) => !names.includes(dep) && !remote.includes(dep));
    if (missing.length > 0) {
      const hint =
        (entry.remoteDeps ?? []).length > 0 && coreUrl === undefined
          ? ` (or set CORE_URL to reach ${entry.remoteDeps!.join(' and ')} in another process)`
          : '';
      throw new Error(`MODULES enables "${entry.definition.name}" without its dependencies: ${missing.join(', ')}${hint}`);
    }
  }
  return selected;
}

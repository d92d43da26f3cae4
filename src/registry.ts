import { analyticsModule, type AnalyticsApi } from './modules/analytics';
import { identityModule, type IdentityApi } from './modules/identity';
import { linksModule, type LinksApi } from './modules/links';
import { webhooksModule, type WebhooksApi } from './modules/webhooks';
import type { ModuleContext, ModuleDefinition, ModuleInstance } from './shared/module';

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

interface RegistryEntry {
  definition: ModuleDefinition<unknown, never>;
  build(context: ModuleContext, apis: ModuleApis): ModuleInstance<unknown>;
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
    build: (context, apis) => {
      // Connects its click sink to links (without analytics, redirects record no clicks).
      const instance = analyticsModule.create(context, { identity: required(apis.identity, 'identity'), links: required(apis.links, 'links') });
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

/** The entries MODULES enables (all when unset), checked for unknown names and missing dependencies. */
export function selectModules(names: readonly string[] | undefined): readonly RegistryEntry[] {
  if (names === undefined) return registry;
  const known = registry.map((entry) => entry.definition.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new Error(`MODULES names unknown modules: ${unknown.join(', ')} (known: ${known.join(', ')})`);
  const selected = registry.filter((entry) => names.includes(entry.definition.name));
  // eventsFrom is not required here: those modules' events arrive through the
  // shared job queue from whichever deployment runs them.
  for (const entry of selected) {
    const missing = entry.definition.dependsOn.filter((dep) => !names.includes(dep));
    if (missing.length > 0) {
      throw new Error(`MODULES enables "${entry.definition.name}" without its dependencies: ${missing.join(', ')}`);
    }
  }
  return selected;
}

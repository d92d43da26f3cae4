import type { Knex } from 'knex';
import type { ShortlineConfig } from './config';
import { ModuleApis, type RemoteApis } from './registry';
import { remoteAnalyticsClient, remoteApis } from './remotes';
import { createCacheRegistry, type CacheRegistry } from '../shared/cache';
import { MAIN_SHARD } from '../shared/config';
import { createDatabase, type Database } from '../shared/db';
import { migrateModules, pendingMigrations } from '../shared/db/migrations';
import { Audiences, pruneInboxesTask, type EventBus } from '../shared/events';
import type { Geolocator } from '../shared/geo';
import { JobRunner, migrateJobs, registerQueueDepth } from '../shared/jobs';
import type { Logger } from '../shared/logging';
import type { Metrics } from '../shared/metrics';
import { migratableModule, type AnyModuleDefinition, type ModuleInstance } from '../shared/module';
import type { OutboundClient } from '../shared/outbound';
import { platformSchema, type RateLimits } from '../shared/ratelimit';

/**
 * One database's share of Shortline: its pool, its caches (kept coherent
 * across processes through that database's invalidation channel), the
 * modules whose data it holds, and the runner of its job queue — so a
 * module's writes, the events they publish and the jobs they queue commit in
 * one transaction on one database, as they do without shards.
 *
 * Without SHARDS there is one cell, "main", running every enabled module.
 * With SHARDS each shard is a cell running the modules that hold workspaces'
 * data; the global modules (identity, which keeps the workspace directory,
 * and domains, which keeps the host names) run in main only and are handed
 * to the others.
 */
export interface Cell {
  shard: string;
  db: Database;
  metrics: Metrics;
  caches: CacheRegistry;
  rateLimits: RateLimits;
  apis: ModuleApis;
  /** The modules built here, in registry order. */
  modules: readonly BuiltModule[];
  jobs: JobRunner;
  migrate(): Promise<string[]>;
  pendingMigrations(): Promise<string[]>;
  stop(): Promise<void>;
}

export interface BuiltModule {
  definition: AnyModuleDefinition;
  instance: ModuleInstance<unknown>;
}

export interface CellOptions {
  shard: string;
  databaseUrl: string;
  config: ShortlineConfig;
  logger: Logger;
  metrics: Metrics;
  events: EventBus;
  outbound: OutboundClient;
  geo: Geolocator;
  /** The process's rate limits, made on main's database (the postgres store counts there) and handed to the other cells. */
  rateLimits(db: Database): RateLimits;
  definitions: readonly AnyModuleDefinition[];
  /** APIs of modules built in another cell (the global modules, in the cells of shards other than main). */
  given?: Partial<Record<string, unknown>>;
  /** Main's database, for the modules' global tables (links' slug directory); undefined in main itself. */
  main?: Database;
}

export function createCell(options: CellOptions): Cell {
  const { shard, databaseUrl, config, logger, metrics, events, outbound, geo, definitions } = options;
  const db = createDatabase({ url: databaseUrl, db: config.db, logger, metrics });
  const rateLimits = options.rateLimits(db);
  const caches = createCacheRegistry({ defaults: { ...config.cache, jitter: 0.1 }, databaseUrl, logger, metrics });
  const enabled = new Set(definitions.map((definition) => definition.name));
  const platform = { config, outbound, caches, logger, metrics };
  const remotes = remoteApis(enabled, platform);
  const apis = new ModuleApis();
  for (const [name, api] of Object.entries(options.given ?? {})) apis.set(name, api);
  const cellLogger = shard === MAIN_SHARD ? logger : logger.child({ shard });
  // Filled below once the modules are built: their handlers say whose events they would act on.
  const audiences = new Audiences();
  const publisher = events.publisher(audiences, metrics);
  const modules: BuiltModule[] = definitions.map((definition) => {
    const name = definition.name;
    const instance = definition.create(
      {
        config,
        settings: (config.settings as unknown as Record<string, unknown>)[name],
        db: db.forModule(name),
        mainDb: options.main?.forModule(name),
        reads: db.readsFor(name),
        logger: cellLogger.child({ module: name }),
        metrics,
        caches,
        events: publisher,
        outbound,
        geo,
        rateLimits,
      },
      dependenciesOf(definition, apis, remotes) as never,
    );
    apis.set(name, instance.api);
    return { definition, instance };
  });
  for (const { instance } of modules) audiences.add(instance.handlers ?? []);

  // The click port: redirects (links) hand their clicks to analytics, here or in its own process (ANALYTICS_URL).
  const analyticsClient = remoteAnalyticsClient(enabled, platform);
  if (analyticsClient) apis.set('analytics', analyticsClient);
  const links = apis.find('links');
  const analytics = apis.find('analytics');
  if (links && analytics) {
    links.connectClickSink(analytics.clickSink);
    links.connectClickTotals({ totals: (workspaceId, linkIds) => analytics.clickTotals(workspaceId, linkIds) });
  }
  // The domain port: domains asks links (which depends on it, not the reverse) whether a domain has links before deleting it.
  const domains = apis.find('domains');
  if (links && domains && options.given?.domains === undefined) domains.connectUsage({ inUse: (hostname) => links.linksOnDomain(hostname) });

  const subscribers = modules
    .filter(({ definition }) => (definition.subscriptions ?? []).length > 0)
    .map(({ definition }) => ({ module: definition.name, db: db.forModule(definition.name) }));
  registerQueueDepth(metrics, db.platform);
  const jobs = new JobRunner({
    databaseUrl,
    tasks: [
      ...modules.flatMap(({ instance }) => instance.tasks ?? []),
      ...modules.flatMap(({ definition, instance }) => events.tasksFor(definition.name, db.forModule(definition.name), instance.handlers ?? [])),
      ...(subscribers.length > 0 ? [pruneInboxesTask(subscribers, cellLogger)] : []),
    ],
    settings: config.jobs,
    logger: cellLogger,
    metrics,
  });
  // The platform's own schema (the rate limits' table) is main's: it serves the whole deployment.
  const migratable = [...(shard === MAIN_SHARD ? [platformSchema] : []), ...definitions.map((definition) => migratableModule(definition))];

  return {
    shard,
    db,
    metrics,
    caches,
    rateLimits,
    apis,
    modules,
    jobs,
    async migrate() {
      await requirePostgres16(db.platform);
      // graphile-worker's schema first: module migrations and writes may enqueue jobs.
      await migrateJobs(databaseUrl, logger);
      return migrateModules(db.platform, migratable);
    },
    pendingMigrations: () => pendingMigrations(db.platform, migratable),
    async stop() {
      await jobs.stop();
      for (const { instance } of [...modules].reverse()) await instance.stop?.();
      await analyticsClient?.stop();
      await caches.stop();
      await db.close();
    },
  };
}

/** The APIs a module's `dependsOn` names: built in this cell (or given it), else their remote clients. */
function dependenciesOf(definition: AnyModuleDefinition, apis: ModuleApis, remotes: RemoteApis): Record<string, unknown> {
  return Object.fromEntries(
    definition.dependsOn.map((name) => {
      const api = apis.find(name as 'identity') ?? remotes[name as keyof RemoteApis];
      if (api === undefined) throw new Error(`module "${definition.name}" needs "${name}", which is neither built nor reachable`);
      return [name, api];
    }),
  );
}

/** The stats use PostgreSQL 16's time-zone-aware date_trunc, date_add and generate_series: refuse older servers up front. */
async function requirePostgres16(db: Knex): Promise<void> {
  const { rows } = await db.raw<{ rows: { server_version_num: string; server_version: string }[] }>(
    "select current_setting('server_version_num') as server_version_num, current_setting('server_version') as server_version",
  );
  if (Number(rows[0].server_version_num) < 160000) {
    throw new Error(`Shortline needs PostgreSQL 16 or later; this server runs ${rows[0].server_version}`);
  }
}

import type { Knex } from 'knex';
import type { ModuleApis, RegistryEntry } from './registry';
import { connectRemoteAnalytics, remoteApis } from './remotes';
import { createCacheRegistry, type CacheRegistry } from '../shared/cache';
import { MAIN_SHARD, type Config } from '../shared/config';
import { createDatabase, type Database } from '../shared/db';
import { migrateModules, pendingMigrations } from '../shared/db/migrations';
import { Audiences, pruneInboxesTask, type EventBus } from '../shared/events';
import { JobRunner, migrateJobs, registerQueueDepth } from '../shared/jobs';
import type { Logger } from '../shared/logging';
import type { Metrics } from '../shared/metrics';
import { migratableModule, type ModuleInstance } from '../shared/module';
import type { OutboundClient } from '../shared/outbound';

/**
 * One database's share of Shortline: its pool, its caches (kept coherent
 * across processes through that database's invalidation channel), the
 * modules whose data it holds, and the runner of its job queue — so a
 * module's writes, the events they publish and the jobs they queue commit in
 * one transaction on one database, as they do without shards.
 *
 * Without SHARDS there is one cell, "main", running every enabled module.
 * With SHARDS (docs/SCALING.md#shards) each shard is a cell running the
 * modules that hold workspaces' data; identity, which keeps the workspace
 * directory, runs in main only and is handed to the others.
 */
export interface Cell {
  shard: string;
  db: Database;
  metrics: Metrics;
  caches: CacheRegistry;
  apis: ModuleApis;
  entries: readonly RegistryEntry[];
  /** The built modules, in `entries` order. */
  instances: ModuleInstance<unknown>[];
  jobs: JobRunner;
  migrate(): Promise<string[]>;
  pendingMigrations(): Promise<string[]>;
  stop(): Promise<void>;
}

export interface CellOptions {
  shard: string;
  databaseUrl: string;
  config: Config;
  logger: Logger;
  metrics: Metrics;
  events: EventBus;
  outbound: OutboundClient;
  entries: readonly RegistryEntry[];
  /** APIs of modules built in another cell (identity, in the cells of shards other than main). */
  given?: ModuleApis;
  /** Main's database, for the modules' global tables (links' slug directory); undefined in main itself. */
  main?: Database;
}

export function createCell(options: CellOptions): Cell {
  const { shard, databaseUrl, config, logger, metrics, events, outbound, entries } = options;
  const db = createDatabase({ url: databaseUrl, db: config.db, logger, metrics });
  const caches = createCacheRegistry({ defaults: { ...config.cache, jitter: 0.1 }, databaseUrl, logger, metrics });
  const enabled = new Set(entries.map((entry) => entry.definition.name));
  const platform = { config, outbound, caches, logger, metrics };
  const remotes = remoteApis(enabled, platform);
  const apis: ModuleApis = { ...options.given };
  const cellLogger = shard === MAIN_SHARD ? logger : logger.child({ shard });
  // Filled below once the modules are built: their handlers say whose events they would act on.
  const audiences = new Audiences();
  const publisher = events.publisher(audiences, metrics);
  const instances: ModuleInstance<unknown>[] = entries.map((entry) =>
    entry.build(
      {
        config,
        db: db.forModule(entry.definition.name),
        mainDb: options.main?.forModule(entry.definition.name),
        reads: db.readsFor(entry.definition.name),
        logger: cellLogger.child({ module: entry.definition.name }),
        metrics,
        caches,
        events: publisher,
        outbound,
      },
      apis,
      remotes,
    ),
  );
  for (const instance of instances) audiences.add(instance.handlers ?? []);
  const analyticsClient = connectRemoteAnalytics(enabled, apis.links, platform);
  if (analyticsClient) apis.analytics = analyticsClient;
  const subscribers = entries
    .filter((entry) => (entry.definition.subscriptions ?? []).length > 0)
    .map((entry) => ({ module: entry.definition.name, db: db.forModule(entry.definition.name) }));
  registerQueueDepth(metrics, db.platform);
  const jobs = new JobRunner({
    databaseUrl,
    tasks: [
      ...instances.flatMap((instance) => instance.tasks ?? []),
      ...entries.flatMap((entry, i) => events.tasksFor(entry.definition.name, db.forModule(entry.definition.name), instances[i].handlers ?? [])),
      ...(subscribers.length > 0 ? [pruneInboxesTask(subscribers, cellLogger)] : []),
    ],
    settings: config.jobs,
    logger: cellLogger,
    metrics,
  });
  const migratable = entries.map((entry) => migratableModule(entry.definition));

  return {
    shard,
    db,
    metrics,
    caches,
    apis,
    entries,
    jobs,
    instances,
    async migrate() {
      await requirePostgres16(db.platform);
      // graphile-worker's schema first: module migrations and writes may enqueue jobs.
      await migrateJobs(databaseUrl, logger);
      return migrateModules(db.platform, migratable);
    },
    pendingMigrations: () => pendingMigrations(db.platform, migratable),
    async stop() {
      await jobs.stop();
      for (const instance of [...instances].reverse()) await instance.stop?.();
      await analyticsClient?.stop();
      await caches.stop();
      await db.close();
    },
  };
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

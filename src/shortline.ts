import type { Express } from 'express';
import type { Knex } from 'knex';
import { registry, selectModules, type ModuleApis } from './registry';
import { connectRemoteAnalytics, remoteApis } from './remotes';
import { createCacheRegistry } from './shared/cache';
import type { Config } from './shared/config';
import { createDatabase, type Database } from './shared/db';
import { EventBus, pruneInboxesTask, type DeclaredSubscription } from './shared/events';
import { migrateModules, pendingMigrations } from './shared/db/migrations';
import { createHttpApp, type Readiness } from './shared/http/app';
import { JobRunner, migrateJobs, registerQueueDepth } from './shared/jobs';
import type { Logger } from './shared/logging';
import { createMetrics, type Metrics } from './shared/metrics';
import { createOutboundClient } from './shared/outbound';
import { migratableModule, type ModuleInstance } from './shared/module';

/**
 * The composition root: builds the platform (metrics, database), the enabled
 * modules in dependency order, and the HTTP app around their routers. Nothing is
 * listening yet; main.ts, the CLI and the tests decide what to run.
 */
export interface Shortline {
  app: Express;
  apis: ModuleApis;
  db: Database;
  metrics: Metrics;
  /** Applies pending migrations of the enabled modules; returns what was applied. */
  migrate(): Promise<string[]>;
  /** Starts background work: the cache invalidation listener and, with WORKER=inline, the job runner. */
  start(): Promise<void>;
  /** Runs the modules' jobs in this process (what `npm run worker` and WORKER=inline do). */
  jobs: JobRunner;
  checkReadiness(): Promise<Readiness>;
  /** Stops the modules, then closes the database pool. Call after the HTTP server closed. */
  stop(): Promise<void>;
}

export interface ShortlineOptions {
  config: Config;
  logger: Logger;
  databaseUrl: string;
  /**
   * Subscribers that no module of this build declares, delivered to as well as
   * the registry's: how a deployment would serve a module extracted elsewhere,
   * and how tests watch what is published.
   */
  externalSubscriptions?: readonly DeclaredSubscription[];
}

export function createShortline({ config, logger, databaseUrl, externalSubscriptions = [] }: ShortlineOptions): Shortline {
  const metrics = createMetrics();
  const db = createDatabase({ url: databaseUrl, db: config.db, logger, metrics });
  const caches = createCacheRegistry({
    defaults: { ...config.cache, jitter: 0.1 },
    databaseUrl,
    logger,
    metrics,
  });
  // Every subscription of the build, enabled here or not: a publisher enqueues
  // deliveries for subscribers that may run in another deployment.
  const events = new EventBus(
    [
      ...registry.flatMap(({ definition }) => (definition.subscriptions ?? []).map((subscription) => ({ module: definition.name, subscription }))),
      ...externalSubscriptions,
    ],
    logger,
  );
  const outbound = createOutboundClient(config.outbound, logger, metrics);
  const entries = selectModules(config.modules, config.remote.coreUrl);
  const enabled = new Set(entries.map((entry) => entry.definition.name));
  const platform = { config, outbound, caches, logger, metrics };
  const remotes = remoteApis(enabled, platform);
  const apis: ModuleApis = {};
  const instances: ModuleInstance<unknown>[] = entries.map((entry) =>
    entry.build(
      {
        config,
        db: db.forModule(entry.definition.name),
        reads: db.readsFor(entry.definition.name),
        logger: logger.child({ module: entry.definition.name }),
        metrics,
        caches,
        events,
        outbound,
      },
      apis,
      remotes,
    ),
  );
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
      ...(subscribers.length > 0 ? [pruneInboxesTask(subscribers, logger)] : []),
    ],
    settings: config.jobs,
    logger,
    metrics,
  });
  const migratable = entries.map((entry) => migratableModule(entry.definition));

  // Once this process saw its migrations applied they stay applied; stop asking.
  let migrationsCurrent = false;
  async function checkReadiness(): Promise<Readiness> {
    try {
      await db.platform.raw('select 1');
      if (!migrationsCurrent) {
        const pending = await pendingMigrations(db.platform, migratable);
        if (pending.length > 0) return { ready: false, detail: `Pending migrations: ${pending.join(', ')}` };
        migrationsCurrent = true;
      }
      return { ready: true };
    } catch (error) {
      logger.warn('readiness check failed', { error: (error as Error).message });
      return { ready: false, detail: 'The database is not reachable' };
    }
  }

  const app = createHttpApp({
    logger,
    metrics,
    bodyLimit: config.http.bodyLimit,
    accessLog: config.log.accessLog,
    metricsToken: config.metricsToken,
    checkReadiness,
    trustProxy: config.trustProxy,
    fastPaths: instances.flatMap((instance) => (instance.fastPath ? [instance.fastPath] : [])),
    hotPaths: instances.flatMap((instance) => (instance.hotPath ? [instance.hotPath] : [])),
    routers: instances.flatMap((instance) => (instance.router ? [instance.router] : [])),
  });

  return {
    app,
    apis,
    db,
    metrics,
    jobs,
    async migrate() {
      await requirePostgres16(db.platform);
      // graphile-worker's schema first: module migrations and writes may enqueue jobs.
      await migrateJobs(databaseUrl, logger);
      return migrateModules(db.platform, migratable);
    },
    async start() {
      await caches.start();
      if (config.jobs.mode === 'inline') await jobs.start();
    },
    checkReadiness,
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

import type { Express } from 'express';
import { createCell, type Cell } from './cell';
import type { ShortlineConfig } from './config';
import { DASHBOARD_BASE, dashboardOrigin, defaultDashboardDirectory } from './dashboard';
import { registry, selectModules, type ModuleApis } from './registry';
import { shardRouter } from './sharding/shard-router';
import { DEFAULT_MOVE_GRACE_MS, moveWorkspace, type MoveReport } from './sharding/workspace-move';
import { MAIN_SHARD } from '../shared/config';
import type { Database } from '../shared/db';
import { EventBus, type DeclaredSubscription } from '../shared/events';
import { createGeolocator } from '../shared/geo';
import { createHttpApp, type Readiness } from '../shared/http/app';
import { operationsOf } from '../shared/http/route';
import type { Logger } from '../shared/logging';
import { createMetrics, type Metrics } from '../shared/metrics';
import { createOutboundClient } from '../shared/outbound';
import { createRateLimits, type RateLimits } from '../shared/ratelimit';

/**
 * The composition root: builds the platform (metrics, database, geolocator), the enabled
 * modules in dependency order, and the HTTP app around their routers — once
 * per database when SHARDS spreads workspaces over several (cell.ts).
 * Nothing is listening yet; the entry points in src/bin and the tests decide what to run.
 */
export interface Shortline {
  app: Express;
  /** The modules of the main database (without SHARDS: the only ones). */
  apis: ModuleApis;
  /** The main database (DATABASE_URL). */
  db: Database;
  metrics: Metrics;
  /** The process's rate limits (src/shared/ratelimit). */
  rateLimits: RateLimits;
  /** Every database by shard name, main first. */
  cells: ReadonlyMap<string, Cell>;
  /** The modules that hold this workspace's data: those of its shard. */
  apisOf(workspaceId: string): Promise<ModuleApis>;
  /** Moves a workspace's data to another shard (`npm run cli -- workspace:move`). */
  moveWorkspace(workspaceId: string, shard: string, options?: { graceMs?: number }): Promise<MoveReport>;
  /** Applies pending migrations of the enabled modules on every database; returns what was applied. */
  migrate(): Promise<string[]>;
  /** Starts background work: the cache invalidation listeners and, with WORKER=inline, the job runners. */
  start(): Promise<void>;
  /** Runs the modules' jobs in this process (what `npm run worker` and WORKER=inline do), on every database. */
  jobs: { start(): Promise<void>; stop(): Promise<void> };
  checkReadiness(): Promise<Readiness>;
  /** Stops the modules, then closes the database pools. Call after the HTTP server closed. */
  stop(): Promise<void>;
}

export interface ShortlineOptions {
  config: ShortlineConfig;
  logger: Logger;
  databaseUrl: string;
  /**
   * Subscribers that no module of this build declares, delivered to as well as
   * the registry's: how a deployment would serve a module extracted elsewhere,
   * and how tests watch what is published.
   */
  externalSubscriptions?: readonly DeclaredSubscription[];
  /** The dashboard's build to serve under /app; dist/web (`npm run build`) when left out. Tests build their own. */
  dashboardDirectory?: string;
}

export function createShortline({ config, logger, databaseUrl, externalSubscriptions = [], dashboardDirectory }: ShortlineOptions): Shortline {
  const metrics = createMetrics();
  // Every subscription of the build, enabled here or not: a publisher enqueues
  // deliveries for subscribers that may run in another deployment.
  const events = new EventBus(
    [
      ...registry.flatMap((definition) => (definition.subscriptions ?? []).map((subscription) => ({ module: definition.name, subscription }))),
      ...externalSubscriptions,
    ],
    logger,
  );
  const outbound = createOutboundClient(config.outbound, logger, metrics);
  // One per process, whatever the shards: the database is read into memory once.
  const geo = createGeolocator(config.geo.database, metrics);
  const definitions = selectModules(config.modules, config.remote.coreUrl);
  // One per process; the postgres store counts on main's database.
  const rateLimitsOn = (db: Database) => createRateLimits({ settings: config.rateLimits, db: db.platform, logger, metrics });
  const main = createCell({ shard: MAIN_SHARD, databaseUrl, config, logger, metrics, events, outbound, geo, rateLimits: rateLimitsOn, definitions });
  const cells = new Map<string, Cell>([[MAIN_SHARD, main]]);
  // Global modules (identity's workspace directory and keys, domains' host names) live in main only.
  const global = definitions.filter((definition) => definition.global);
  for (const shard of config.db.shards) {
    cells.set(
      shard.name,
      createCell({
        shard: shard.name,
        databaseUrl: shard.url,
        config,
        logger,
        metrics: createMetrics({ shard: shard.name }),
        events,
        outbound,
        geo,
        rateLimits: () => main.rateLimits,
        definitions: definitions.filter((definition) => !definition.global),
        given: Object.fromEntries(global.map((definition) => [definition.name, main.apis.find(definition.name as 'identity')])),
        main: main.db,
      }),
    );
  }
  const all = [...cells.values()];

  // Once this process saw its migrations applied they stay applied; stop asking.
  let migrationsCurrent = false;
  async function checkReadiness(): Promise<Readiness> {
    try {
      for (const cell of all) await cell.db.platform.raw('select 1');
      if (!migrationsCurrent) {
        for (const cell of all) {
          const pending = await cell.pendingMigrations();
          if (pending.length > 0)
            return { ready: false, detail: `Pending migrations${cells.size > 1 ? ` on shard ${cell.shard}` : ''}: ${pending.join(', ')}` };
        }
        migrationsCurrent = true;
      }
      return { ready: true };
    } catch (error) {
      logger.warn('readiness check failed', { error: (error as Error).message });
      return { ready: false, detail: 'The database is not reachable' };
    }
  }

  const routing = cells.size === 1 ? unsharded(main) : shardRouter(cells, main);
  const origin = dashboardOrigin(main.apis.find('domains'));
  main.apis.find('identity')?.connectSessionOrigin(origin);
  const app = createHttpApp({
    logger,
    metrics,
    shardRegistries: all.slice(1).map((cell) => cell.metrics.registry),
    bodyLimit: config.http.bodyLimit,
    accessLog: config.log.accessLog,
    metricsToken: config.metricsToken,
    checkReadiness,
    trustProxy: config.trustProxy,
    webApp: { base: DASHBOARD_BASE, directory: dashboardDirectory ?? defaultDashboardDirectory(), isOrigin: origin },
    operations: main.modules.flatMap(({ instance }) => [...(instance.router ? operationsOf(instance.router) : []), ...(instance.operations ?? [])]),
    ...routing,
  });

  const apisOf = async (workspaceId: string): Promise<ModuleApis> => {
    if (cells.size === 1) return main.apis;
    const placement = await main.apis.get('identity').placementOf(workspaceId);
    return cells.get(placement?.shard ?? MAIN_SHARD)?.apis ?? main.apis;
  };

  return {
    app,
    apis: main.apis,
    db: main.db,
    metrics,
    rateLimits: main.rateLimits,
    cells,
    apisOf,
    // The grace must outlast a click flush interval, so other processes' buffered clicks reach the old shard before the copy.
    moveWorkspace: (workspaceId, shard, options) =>
      moveWorkspace({ cells, main, logger }, workspaceId, shard, {
        graceMs: options?.graceMs ?? Math.max(DEFAULT_MOVE_GRACE_MS, 2 * config.settings.analytics.flushIntervalMs),
      }),
    jobs: {
      async start() {
        for (const cell of all) await cell.jobs.start();
      },
      async stop() {
        await Promise.all(all.map((cell) => cell.jobs.stop()));
      },
    },
    async migrate() {
      const applied: string[] = [];
      for (const cell of all) {
        const names = await cell.migrate();
        applied.push(...(cells.size === 1 ? names : names.map((name) => `${cell.shard}:${name}`)));
      }
      return applied;
    },
    async start() {
      await main.rateLimits.start();
      for (const cell of all) await cell.caches.start();
      if (config.jobs.mode === 'inline') for (const cell of all) await cell.jobs.start();
    },
    checkReadiness,
    async stop() {
      // Main last: the other cells' modules use main's identity and directory to the end.
      for (const cell of [...all].reverse()) await cell.stop();
      await main.rateLimits.stop();
    },
  };
}

/** One database: the modules' paths and routers straight into the app. */
function unsharded(main: Cell) {
  const instances = main.modules.map(({ instance }) => instance);
  return {
    fastPaths: instances.flatMap((instance) => (instance.fastPath ? [instance.fastPath] : [])),
    hotPaths: instances.flatMap((instance) => (instance.hotPath ? [instance.hotPath] : [])),
    routers: instances.flatMap((instance) => (instance.router ? [instance.router] : [])),
  };
}

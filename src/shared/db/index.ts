import knex, { type Knex } from 'knex';
import { Gauge } from 'prom-client';
import type { Config } from '../config';
import type { Logger } from '../logging';
import type { Metrics } from '../metrics';
import { ReplicaSet, type ReadRouter } from './replicas';

export type { ReadRouter } from './replicas';

/**
 * The database handle the platform hands out. One connection pool for the whole
 * process; each module gets its own view of it (`forModule`) so every query is
 * timed under the module that issued it, which is how `/metrics` shows where the
 * database time goes — and which module would take how much load with it if it
 * were extracted.
 */
export interface Database {
  /** The handle for platform work (migrations, health checks), timed as module "platform". */
  platform: Knex;
  forModule(moduleName: string): Knex;
  /** Where the module's reads that tolerate lag go: DATABASE_REPLICA_URLS, else the primary (see replicas.ts). */
  readsFor(moduleName: string): ReadRouter;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url: string;
  db: Config['db'];
  logger: Logger;
  metrics: Metrics;
}

interface QueryEvent {
  __knexQueryUid?: string;
  sql?: string;
}

export function createDatabase({ url, db, logger, metrics }: DatabaseOptions): Database {
  const root = connect(url, db, logger);
  registerPoolGauge(root, metrics);

  // A module's handle on a root (the primary's, or a replica's), made once:
  // withUserParams shares the pool but gets its own event emitter, so the
  // listeners timeQueries adds see only this module's queries. (It copies the
  // root's listeners, which is why a root itself is never given any.)
  const handles = new Map<Knex, Map<string, Knex>>();
  const handleFor = (base: Knex, moduleName: string): Knex => {
    let byModule = handles.get(base);
    if (!byModule) handles.set(base, (byModule = new Map()));
    let handle = byModule.get(moduleName);
    if (!handle) {
      handle = base.withUserParams({ module: moduleName });
      timeQueries(handle, moduleName, db.slowQueryMs, logger, metrics);
      byModule.set(moduleName, handle);
    }
    return handle;
  };
  const forModule = (moduleName: string): Knex => handleFor(root, moduleName);

  const replicas =
    db.replicaUrls.length === 0
      ? undefined
      : new ReplicaSet(
          forModule('platform'),
          // A replica that hangs (not down: unanswering) must not hang reads: the
          // client gives up a second after the server-side statement timeout (30 s
          // without one), and the read runs again on the primary.
          db.replicaUrls.map((replicaUrl) => connect(replicaUrl, db, logger, (db.statementTimeoutMs > 0 ? db.statementTimeoutMs : 29_000) + 1000)),
          { maxLagMs: db.replicaMaxLagMs, checkIntervalMs: db.replicaCheckIntervalMs },
          handleFor,
          logger,
          metrics,
        );
  replicas?.start();
  const routers = new Map<string, ReadRouter>();

  return {
    platform: forModule('platform'),
    forModule,
    readsFor(moduleName) {
      let router = routers.get(moduleName);
      if (!router) {
        const primary = forModule(moduleName);
        router = replicas?.routerFor(moduleName, primary) ?? primaryOnly(primary);
        routers.set(moduleName, router);
      }
      return router;
    },
    close: async () => {
      await replicas?.stop();
      await root.destroy();
    },
  };
}

/** Every read on the primary: no replicas configured. */
function primaryOnly(primary: Knex): ReadRouter {
  return {
    read: (_freshSince, work) => work(primary),
    forWorkspace: (_workspaceId, work) => work(primary),
    wrote: () => undefined,
  };
}

function connect(url: string, db: Config['db'], logger: Logger, clientQueryTimeoutMs?: number): Knex {
  return knex({
    client: 'pg',
    connection: {
      connectionString: url,
      ...(clientQueryTimeoutMs === undefined ? {} : { query_timeout: clientQueryTimeoutMs }),
      connectionTimeoutMillis: db.connectTimeoutMs,
      // Enforced by the server, so a runaway query is cancelled even if this process is busy.
      statement_timeout: db.statementTimeoutMs,
      application_name: 'shortline',
    },
    pool: { min: db.poolMin, max: db.poolMax },
    acquireConnectionTimeout: db.connectTimeoutMs,
    // knex would print these with console.log; route them through the logger.
    log: {
      warn: (message: string) => logger.warn(`knex: ${message}`),
      error: (message: string) => logger.error(`knex: ${message}`),
      deprecate: (message: string) => logger.warn(`knex deprecation: ${message}`),
      debug: (message: string) => logger.debug(`knex: ${message}`),
    },
  });
}

function timeQueries(handle: Knex, moduleName: string, slowQueryMs: number, logger: Logger, metrics: Metrics): void {
  const started = new Map<string, { at: bigint; sql: string }>();
  const finish = (query: QueryEvent, outcome: 'ok' | 'error') => {
    const uid = query.__knexQueryUid;
    const start = uid === undefined ? undefined : started.get(uid);
    if (uid === undefined || start === undefined) return;
    started.delete(uid);
    const seconds = Number(process.hrtime.bigint() - start.at) / 1e9;
    metrics.dbQueryDuration.observe({ module: moduleName, outcome }, seconds);
    if (seconds * 1000 >= slowQueryMs) {
      // SQL text only: bindings can hold personal data or secrets.
      logger.warn('slow query', { module: moduleName, ms: Math.round(seconds * 1000), sql: start.sql, outcome });
    }
  };
  handle.on('query', (query: QueryEvent) => {
    if (query.__knexQueryUid !== undefined) {
      started.set(query.__knexQueryUid, { at: process.hrtime.bigint(), sql: query.sql ?? '' });
    }
  });
  handle.on('query-response', (_response: unknown, query: QueryEvent) => finish(query, 'ok'));
  handle.on('query-error', (_error: unknown, query: QueryEvent) => finish(query, 'error'));
}

interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

function registerPoolGauge(root: Knex, metrics: Metrics): void {
  new Gauge({
    name: 'shortline_db_pool_connections',
    help: 'Database pool connections by state (used, idle, waiting = callers waiting for a connection)',
    labelNames: ['state'],
    registers: [metrics.registry],
    collect() {
      const pool = (root.client as { pool?: TarnPool }).pool;
      if (!pool) return;
      this.set({ state: 'used' }, pool.numUsed());
      this.set({ state: 'idle' }, pool.numFree());
      this.set({ state: 'waiting' }, pool.numPendingAcquires());
    },
  });
}

import cluster, { type Worker } from 'node:cluster';
import type { ShortlineConfig as Config } from '../app/config';
import { openDatabaseServer } from '../shared/db/server';
import { errorFields, type Logger } from '../shared/logging';
import { createShortline } from '../app/shortline';

/** More restarts than this within the window means something is broken, not flaky: the cluster stops. */
const MAX_RESTARTS = 10;
const RESTART_WINDOW_MS = 60_000;

/**
 * The primary of `WEB_CONCURRENCY=N`: owns the database (the embedded server,
 * if no DATABASE_URL), applies migrations once, then forks N server processes
 * that share the port (node:cluster hands connections out round-robin) and
 * restarts any that exits. Each of them is a whole Shortline (src/bin/server.ts:
 * HTTP, caches kept coherent through the invalidation channel, jobs with
 * WORKER=inline) against the primary's database. SIGTERM/SIGINT stop them all
 * gracefully, then the database.
 */
export async function runPrimary(config: Config, logger: Logger): Promise<void> {
  const count = config.http.processes;
  const database = await openDatabaseServer(config, logger);
  const workers = new Set<Worker>();
  const restarts: number[] = [];
  let stopping = false;

  const shutdown = async (reason: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${reason}: stopping ${workers.size} server processes`);
    const exited = [...workers].map((worker) => new Promise<void>((resolve) => worker.once('exit', () => resolve())));
    for (const worker of workers) worker.process.kill('SIGTERM');
    // Each drains its requests and jobs within its own bounds; past them (and a margin), they are killed.
    const force = setTimeout(
      () => {
        for (const worker of workers) worker.process.kill('SIGKILL');
      },
      config.http.shutdownTimeoutMs + config.jobs.shutdownTimeoutMs + 5000,
    );
    await Promise.all(exited);
    clearTimeout(force);
    await database.stop().catch((error: unknown) => {
      code = 1;
      logger.error('stopping the database failed', errorFields(error));
    });
    logger.info(code === 0 ? 'shutdown complete' : 'shutdown finished with errors');
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM received'));
  process.on('SIGINT', () => void shutdown('SIGINT received'));

  // Once, here: N processes migrating at once would contend for the migration locks.
  const migrator = createShortline({ config, logger, databaseUrl: database.url });
  try {
    const applied = await migrator.migrate();
    if (applied.length > 0) logger.info(`applied migrations: ${applied.join(', ')}`);
  } catch (error) {
    logger.error(`${(error as Error).message}\nShortline did not start: fix the migration or the database, then start again.`);
    await migrator.stop().catch(() => {});
    await database.stop().catch(() => {});
    process.exit(1);
  }
  await migrator.stop();
  if (stopping) return;

  const fork = () => {
    // The processes use the primary's database, embedded or not.
    const worker = cluster.fork({ DATABASE_URL: database.url });
    workers.add(worker);
    worker.once('exit', (code, signal) => {
      workers.delete(worker);
      if (stopping) return;
      const now = Date.now();
      restarts.push(now);
      while (restarts[0] < now - RESTART_WINDOW_MS) restarts.shift();
      const how = signal ?? `code ${code}`;
      if (restarts.length > MAX_RESTARTS) {
        logger.error(`server process ${worker.process.pid} exited (${how}), the ${restarts.length}th in a minute: stopping`);
        void shutdown('too many restarts', 1);
        return;
      }
      logger.warn(`server process ${worker.process.pid} exited (${how}); starting another`);
      fork();
    });
  };
  for (let i = 0; i < count; i++) fork();
  logger.info(`Shortline cluster: ${count} server processes (primary ${process.pid}; database: ${database.description})`);
}

import cluster from 'node:cluster';
import { runPrimary } from './cluster';
import { createShortline } from '../app/shortline';
import { loadConfigOrExit } from '../app/config';
import { openDatabaseServer } from '../shared/db/server';
import { listen, observeConnections, type RunningServer } from '../shared/http/server';
import { createLogger, errorFields } from '../shared/logging';

/**
 * The server process: config → database → migrations → HTTP. SIGTERM/SIGINT stop
 * it gracefully: stop accepting, finish in-flight requests (bounded by
 * SHUTDOWN_TIMEOUT_MS), stop modules, close the pool, stop the embedded database.
 * With WEB_CONCURRENCY above 1 this process becomes the cluster's primary
 * (src/bin/cluster.ts), and each server process it forks runs the rest of this
 * function against the primary's database, already migrated.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.log);
  if (config.http.processes > 1 && cluster.isPrimary) return runPrimary(config, logger);
  const database = await openDatabaseServer(config, logger);
  const shortline = createShortline({ config, logger, databaseUrl: database.url });

  let server: RunningServer | undefined;
  let stopping = false;
  // Installed before migrations, so a signal at any point from here on stops
  // the database cleanly too.
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: shutting down`);
    let failed = false;
    try {
      if (server) {
        const drained = await server.close(config.http.shutdownTimeoutMs);
        if (!drained) logger.warn(`in-flight requests did not finish within ${config.http.shutdownTimeoutMs} ms; connections were closed`);
      }
      await shortline.stop();
    } catch (error) {
      failed = true;
      logger.error('shutdown step failed', errorFields(error));
    } finally {
      // Always last, whatever failed before: nothing else would stop the embedded server.
      await database.stop().catch((error: unknown) => {
        failed = true;
        logger.error('stopping the database failed', errorFields(error));
      });
    }
    logger.info(failed ? 'shutdown finished with errors' : 'shutdown complete');
    process.exit(failed ? 1 : 0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  const abort = async (message: string) => {
    stopping = true;
    logger.error(message);
    await shortline.stop().catch(() => {});
    await database.stop().catch(() => {});
    process.exit(1);
  };

  try {
    const applied = cluster.isWorker ? [] : await shortline.migrate();
    if (applied.length > 0) logger.info(`applied migrations: ${applied.join(', ')}`);
  } catch (error) {
    return abort(`${(error as Error).message}\nShortline did not start: fix the migration or the database, then start again.`);
  }
  if (stopping) return;

  await shortline.start();
  try {
    server = await listen(shortline.app, config.http.host, config.http.port, config.http.limits);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return abort(
      code === 'EADDRINUSE'
        ? `Port ${config.http.port} is already in use. Set PORT to a free port.`
        : `Could not listen on ${config.http.host}:${config.http.port}: ${(error as Error).message}`,
    );
  }
  observeConnections(server.server, shortline.metrics.registry);
  const where = cluster.isWorker ? `server process ${process.pid}; ` : '';
  logger.info(`Shortline listening on http://localhost:${server.port} (${where}database: ${database.description})`);
}

main().catch((error: unknown) => {
  console.error(`Shortline failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

import { createShortline } from '../app/shortline';
import { loadConfigOrExit } from '../app/config';
import { openDatabaseServer } from '../shared/db/server';
import { createLogger, errorFields } from '../shared/logging';

/**
 * `npm run worker`: runs the modules' jobs and nothing else (no HTTP). Start as
 * many as the load needs, against one database; web processes then run with
 * WORKER=off. SIGTERM/SIGINT let running jobs finish (bounded by
 * WORKER_SHUTDOWN_TIMEOUT_MS) and release their locks.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.log);
  const database = await openDatabaseServer(config, logger);
  const shortline = createShortline({ config, logger, databaseUrl: database.url });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: stopping the worker`);
    let failed = false;
    try {
      await shortline.stop();
    } catch (error) {
      failed = true;
      logger.error('worker shutdown step failed', errorFields(error));
    } finally {
      await database.stop().catch(() => (failed = true));
    }
    logger.info(failed ? 'worker stopped with errors' : 'worker stopped');
    process.exit(failed ? 1 : 0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await shortline.migrate();
  await shortline.jobs.start();
  logger.info(`Shortline worker running (concurrency ${config.jobs.concurrency}; database: ${database.description})`);
}

main().catch((error: unknown) => {
  console.error(`Shortline worker failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

import { createShortline } from '../../src/app/shortline';
import { loadConfig } from '../../src/app/config';
import { listen } from '../../src/shared/http/server';
import { createLogger } from '../../src/shared/logging';

/**
 * The stats benchmark's server, in its own process: production configuration
 * with the stats cache off (STATS_CACHE_TTL_S=0), so every request runs its
 * queries, and no worker. Prints `listening <port>` on stderr.
 */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL!;
  const config = loadConfig({
    NODE_ENV: 'production',
    METRICS_OPEN: 'on',
    DATABASE_URL: url,
    LOG_LEVEL: 'warn',
    STATS_CACHE_TTL_S: '0',
    WORKER: 'off',
    RATE_LIMITS: 'off',
  });
  const app = createShortline({ config, logger: createLogger(config.log), databaseUrl: url });
  await app.start();
  const server = await listen(app.app, '127.0.0.1', 0, config.http.limits);
  process.stderr.write(`listening ${server.port}\n`);
  process.on('SIGTERM', () => process.exit(0));
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});

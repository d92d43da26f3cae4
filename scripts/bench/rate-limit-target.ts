import { createShortline } from '../../src/app/shortline';
import { loadConfig } from '../../src/app/config';
import { listen } from '../../src/shared/http/server';
import { createLogger } from '../../src/shared/logging';

/**
 * One target of the rate-limit benchmark, in its own process: Shortline as
 * deployed (production config, access log on) with
 *   off        RATE_LIMITS=off (the baseline)
 *   memory     the limits counted in the process's memory
 *   postgres   counted in platform.rate_limits (the default)
 *   redis      counted in Redis at REDIS_URL
 * and an API-key limit high enough never to refuse: what is measured is the
 * count, not refusals. Prints `listening <port>` on stderr.
 */
const variant = process.argv[2];
const url = process.env.DATABASE_URL!;

async function main(): Promise<void> {
  if (!['off', 'memory', 'postgres', 'redis'].includes(variant)) throw new Error(`unknown variant ${variant}`);
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: url,
    LOG_LEVEL: 'info',
    RATE_LIMITS: variant === 'off' ? 'off' : 'on',
    RATE_LIMIT_STORE: variant === 'off' ? undefined : variant,
    REDIS_URL: variant === 'redis' ? process.env.REDIS_URL : undefined,
    RATE_LIMIT_API_KEY: '9999999/1h',
  });
  const app = createShortline({ config, logger: createLogger(config.log), databaseUrl: url });
  await app.start();
  const server = await listen(app.app, '127.0.0.1', 0);
  process.stderr.write(`listening ${server.port}\n`);
  process.on('SIGTERM', () => {
    void app.stop().finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});

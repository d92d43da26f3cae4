import express, { type RequestHandler } from 'express';
import { createShortline } from '../../src/app/shortline';
import { loadConfig } from '../../src/app/config';
import { callerAuth } from '../../src/shared/http/auth';
import { createHttpApp } from '../../src/shared/http/app';
import { listen } from '../../src/shared/http/server';
import { createLogger } from '../../src/shared/logging';

/**
 * One target of the http-overhead benchmark, in its own process:
 *   bare          the handler on bare Express
 *   full          the handler behind Shortline's whole stack: request id, access
 *                 log (JSON lines to stdout), metrics, helmet, JSON body parser,
 *                 API-key auth (cached look-up), problem handler
 *   full-nolog    the same with ACCESS_LOG=off, to price the access log alone
 */
const variant = process.argv[2];
const handler: RequestHandler = (_req, res) => void res.json({ ok: true });

async function main(): Promise<void> {
  if (variant === 'bare') {
    const app = express();
    app.get('/v1/ping', handler);
    const server = await listen(app, '127.0.0.1', 0);
    return ready(server.port);
  }
  if (variant !== 'full' && variant !== 'full-nolog') throw new Error(`unknown variant ${variant}`);
  const config = loadConfig({
    NODE_ENV: 'production',
    METRICS_OPEN: 'on',
    DATABASE_URL: process.env.DATABASE_URL,
    LOG_LEVEL: 'info',
    ACCESS_LOG: variant === 'full' ? 'on' : 'off',
    // The kernel as before the rate limits, whose count bench:rate-limit prices (and whose default would refuse this load).
    RATE_LIMITS: 'off',
  });
  const logger = createLogger(config.log);
  const shortline = createShortline({ config, logger, databaseUrl: config.db.url! });
  const auth = callerAuth(shortline.apis.get('identity'), { metrics: shortline.metrics, rateLimits: shortline.rateLimits });
  const ping = express.Router();
  ping.get('/v1/ping', auth.requireScope(null), handler);
  const app = createHttpApp({
    logger,
    metrics: shortline.metrics,
    bodyLimit: config.http.bodyLimit,
    accessLog: config.log.accessLog,
    metricsToken: undefined,
    checkReadiness: shortline.checkReadiness,
    routers: [ping],
  });
  const server = await listen(app, '127.0.0.1', 0, config.http.limits);
  ready(server.port);
}

function ready(port: number): void {
  process.stderr.write(`listening ${port}\n`);
  process.on('SIGTERM', () => process.exit(0));
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});

import { createServer } from 'node:http';
import express from 'express';
import NodeCache from 'node-cache';
import { Pool } from 'pg';
import { createShortline } from '../../src/app/shortline';
import { loadConfig } from '../../src/app/config';
import { listen } from '../../src/shared/http/server';
import { createLogger } from '../../src/shared/logging';
import { reportMemoryOnSignal } from './support/load';

/**
 * One target of the redirect benchmark, in its own process:
 *   ceiling    plain node:http answering from a Map loaded at start: no framework, no header but
 *              Location, no click capture — what Node itself can do, the upper bound
 *   bare       bare Express + node-cache + one pg query per miss: the baseline
 *   cache-on   Shortline's GET /:slug as deployed (production config, access log on)
 *   cache-on-nolog  cache on with ACCESS_LOG=off: the price of one log line per request
 *   cache-off  the same with CACHE_ENABLED=off
 *   cache-on-domains  cache-on, asked for links on several custom domains (by Host)
 *   cache-on-people   cache-on, asked by visitors with a user agent and languages
 *   cache-on-rules    cache-on-people, asked for links with rules (targeting, A/B, UTM)
 *   cache-on-unknown  cache-on, asked for slugs no link has (404s), RATE_LIMIT_UNKNOWN_SLUGS off: from one address the
 *                     flood would be refused after 120 look-ups, and this measures the 404 (bench:rate-limit prices limits)
 *   cache-on-nolimits cache-on with RATE_LIMITS=off: known links' redirects must cost the same with the limits on
 *   cache-on-expired  cache-on, asked for links that have expired (410s)
 *   cache-on-unknown-host  cache-on, asked for slugs under hosts that are no domain (404s), RATE_LIMIT_UNKNOWN_SLUGS
 *                     off, as for cache-on-unknown: each host's first look-up counts against the one address
 * Each prints `listening <port>` on stderr.
 */
const variant = process.argv[2];
const url = process.env.DATABASE_URL!;

async function bare(): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 10 });
  const cache = new NodeCache({ useClones: false, stdTTL: 300 });
  let queries = 0;
  const app = express();
  app.get('/bench/queries', (_req, res) => void res.json({ queries }));
  app.get('/:slug', async (req, res) => {
    const key = req.params.slug.toLowerCase();
    let target = cache.get<{ url: string; type: number } | null>(key);
    if (target === undefined) {
      queries++;
      // The links' key and its index (migration 010): a default-domain link's key is its lower-cased slug.
      const { rows } = await pool.query("select url, redirect_type from links.links where coalesce(domain || '/', '') || lower(slug) = $1", [key]);
      target = rows[0] ? { url: rows[0].url, type: rows[0].redirect_type } : null;
      cache.set(key, target);
    }
    if (!target) return void res.status(404).end();
    res.status(target.type).setHeader('Location', target.url);
    res.end();
  });
  const server = await listen(app, '127.0.0.1', 0);
  ready(server.port);
}

async function ceiling(): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 1 });
  const { rows } = await pool.query<{ key: string; url: string; redirect_type: number }>(
    "select coalesce(domain || '/', '') || lower(slug) as key, url, redirect_type from links.links",
  );
  await pool.end();
  const targets = new Map(rows.map((row) => [row.key, { url: row.url, type: row.redirect_type }]));
  const server = createServer((req, res) => {
    const target = targets.get((req.url ?? '/').slice(1).toLowerCase());
    if (target === undefined) res.statusCode = 404;
    else {
      res.statusCode = target.type;
      res.setHeader('Location', target.url);
    }
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ready((server.address() as { port: number }).port);
}

async function shortline(cacheEnabled: boolean, accessLog = true, env: Record<string, string> = {}): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'production',
    METRICS_OPEN: 'on',
    DATABASE_URL: url,
    LOG_LEVEL: 'info',
    CACHE_ENABLED: cacheEnabled ? 'on' : 'off',
    ACCESS_LOG: accessLog ? 'on' : 'off',
    PUBLIC_BASE_URL: 'https://sho.rt',
    // The load generator connects to 127.0.0.1 and says so in its Host: the default domain here, as sho.rt would be.
    DEFAULT_DOMAIN_HOSTS: '127.0.0.1',
    CACHE_MAX_KEYS: process.env.CACHE_MAX_KEYS ?? '200000',
    ...env,
  });
  const app = createShortline({ config, logger: createLogger(config.log), databaseUrl: url });
  await app.start();
  const server = await listen(app.app, '127.0.0.1', 0, config.http.limits);
  ready(server.port);
}

function ready(port: number): void {
  reportMemoryOnSignal();
  process.stderr.write(`listening ${port}\n`);
  process.on('SIGTERM', () => process.exit(0));
}

const variants: Record<string, () => Promise<void>> = {
  ceiling,
  bare,
  'cache-on': () => shortline(true),
  'cache-on-nolog': () => shortline(true, false),
  'cache-off': () => shortline(false),
  'cache-on-domains': () => shortline(true),
  'cache-on-people': () => shortline(true),
  'cache-on-rules': () => shortline(true),
  'cache-on-unknown': () => shortline(true, true, { RATE_LIMIT_UNKNOWN_SLUGS: 'off' }),
  'cache-on-nolimits': () => shortline(true, true, { RATE_LIMITS: 'off' }),
  'cache-on-expired': () => shortline(true),
  'cache-on-unknown-host': () => shortline(true, true, { RATE_LIMIT_UNKNOWN_SLUGS: 'off' }),
};
const run = variants[variant]?.() ?? Promise.reject(new Error(`unknown variant ${variant}`));
run.catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});

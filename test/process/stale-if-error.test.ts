import request from 'supertest';
import { createShortline, type Shortline } from '../../src/app/shortline';
import { loadConfig } from '../../src/app/config';
import { createLogger } from '../../src/shared/logging';
import { ADMIN_TOKEN, expectProblem } from '../support/app';
import { metricValue } from '../support/metrics';
import { eventually } from '../support/receiver';
import { startStoppablePostgres } from '../support/stoppable-postgres';

/** Redirects with the database stopped: cached links keep working, misses fail fast with 503. */
let server: Awaited<ReturnType<typeof startStoppablePostgres>>;
let shortline: Shortline;

beforeAll(async () => {
  const logger = createLogger({ level: 'silent', format: 'json' });
  server = await startStoppablePostgres();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ADMIN_TOKEN,
    DATABASE_URL: server.url,
    CACHE_TTL_S: '1',
    CACHE_LOAD_TIMEOUT_MS: '500',
    DB_CONNECT_TIMEOUT_MS: '500',
  });
  shortline = createShortline({ config, logger, databaseUrl: server.url });
  await shortline.migrate();
  await shortline.start();
});

afterAll(async () => {
  await shortline.stop();
  await server.stop();
});

it('serves a cached link after the database stopped, and answers a miss with a quick 503', async () => {
  const app = shortline.app;
  const ws = await request(app).post('/v1/workspaces').set('Authorization', `Bearer ${ADMIN_TOKEN}`).send({ name: 'x' }).expect(201);
  await request(app)
    .post('/v1/links')
    .set('Authorization', `Bearer ${ws.body.apiKey.key}`)
    .send({ url: 'https://example.com/up', slug: 'survivor' })
    .expect(201);
  // The create's cache notice reaches this process after its 201; once heard, it cannot evict the entry primed next.
  await eventually(
    async () => (await metricValue(app, 'shortline_cache_invalidations_total', { cache: 'links:redirect', source: 'notify' }, { absent: 0 })) >= 1,
    5000,
    "the create's cache notice",
  );
  await request(app).get('/survivor').expect(302);

  await server.stop();
  await new Promise((r) => setTimeout(r, 1200)); // past the 1 s TTL: the entry is stale now

  const res = await request(app).get('/survivor');
  expect(res.status).toBe(302);
  expect(res.headers.location).toBe('https://example.com/up');
  expect(await metricValue(app, 'shortline_cache_stale_served_total', { cache: 'links:redirect' })).toBeGreaterThanOrEqual(1);

  const started = Date.now();
  const miss = await request(app).get('/never-cached').set('Accept', 'application/json');
  expect(Date.now() - started).toBeLessThan(2000);
  expectProblem(miss, 503);
  expect(miss.headers['retry-after']).toBe('5');
  expect(await metricValue(app, 'shortline_redirects_total', { outcome: 'unavailable' })).toBe(1);
});

it('answers an API call with 503, not 500, while the database is down', async () => {
  const res = await request(shortline.app).get('/v1/links').set('Authorization', 'Bearer sl_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB');
  expectProblem(res, 503);
});

it('counts one invalidation gap for the lost listener connection, not one per failed retry', async () => {
  await new Promise((r) => setTimeout(r, 1500)); // several reconnect attempts fail meanwhile
  expect(await metricValue(shortline.app, 'shortline_cache_invalidation_gaps_total')).toBe(1);
  expect(await metricValue(shortline.app, 'shortline_cache_listener_connected')).toBe(0);
});

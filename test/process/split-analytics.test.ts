import http from 'node:http';
import request from 'supertest';
import { loadConfig } from '../../src/app/config';
import { freePort } from '../../src/shared/db/embedded';
import { createLogger } from '../../src/shared/logging';
import { createShortline, type Shortline } from '../../src/app/shortline';
import { ADMIN_TOKEN, createWorkspace, expectProblem, type TestWorkspace } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { writeMmdbFile } from '../support/mmdb';
import { eventually } from '../support/receiver';
import { CHROME_MAC, GOOGLEBOT } from '../support/user-agents';

/**
 * The analytics extraction (docs/architecture/extraction.md) end to end: two deployments
 * on one database, each listening on a real port —
 *   core:      MODULES=identity,domains,links,webhooks,audit ANALYTICS_URL=<analytics>
 *   analytics: MODULES=analytics CORE_URL=<core>
 * Redirects are served by the core, their clicks travel as
 * analytics.ingest-clicks jobs, and the stats are read from the analytics
 * process, which authenticates keys and looks links up at the core. The
 * scenarios are the monolith's (test/modules/analytics/stats.test.ts).
 */
const INTERNAL_TOKEN = 'internal-token-for-tests-0123';

let database: TestDatabase;
let core: Shortline;
let analytics: Shortline;
const servers: http.Server[] = [];
let acme: TestWorkspace;
let globex: TestWorkspace;

function deployment(env: Record<string, string>): Shortline {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ADMIN_TOKEN,
    DATABASE_URL: database.url,
    INTERNAL_TOKEN,
    WORKER: 'inline',
    WORKER_POLL_INTERVAL_MS: '100',
    STATS_CACHE_TTL_S: '0',
    API_KEY_CACHE_TTL_S: '60',
    ...env,
  });
  return createShortline({ config, logger: createLogger(config.log), databaseUrl: database.url });
}

async function listen(shortline: Shortline, port: number): Promise<void> {
  const server = http.createServer(shortline.app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
}

beforeAll(async () => {
  database = await createTestDatabase();
  const [corePort, analyticsPort] = [await freePort(), await freePort()];
  // Clicks are located where they are written: the core looks nothing up, analytics has a city database.
  const GEOIP_DB = writeMmdbFile({ databaseType: 'GeoLite2-City', networks: { '203.0.113.0/24': { country_code: 'DE', city: 'Berlin' } } });
  core = deployment({
    MODULES: 'identity,domains,links,webhooks,audit',
    ANALYTICS_URL: `http://127.0.0.1:${analyticsPort}`,
    TRUST_PROXY: 'on',
    GEOIP_DB: 'off',
  });
  analytics = deployment({ MODULES: 'analytics', CORE_URL: `http://127.0.0.1:${corePort}`, GEOIP_DB });
  await core.start();
  await analytics.start();
  await listen(core, corePort);
  await listen(analytics, analyticsPort);
  acme = await createWorkspace(core.app, 'Acme');
  globex = await createWorkspace(core.app, 'Globex');
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await core?.stop();
  await analytics?.stop();
  await database?.drop();
});

const createLink = async (slug: string, ws = acme) =>
  (
    await request(core.app)
      .post('/v1/links')
      .set(ws.auth)
      .send({ url: `https://example.com/${slug}`, slug })
      .expect(201)
  ).body as { id: string; slug: string };

async function visit(slug: string, headers: Record<string, string>, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await request(core.app).get(`/${slug}`).set(headers).expect(302);
}

/** The core's clicks queued, then the analytics process has written and rolled up everything. */
async function settle(): Promise<void> {
  await core.apis.get('analytics').flushClicks();
  await eventually(
    async () => {
      const { rows } = await core.db.platform.raw<{ rows: { n: string }[] }>(
        "select count(*) as n from graphile_worker.jobs where task_identifier like 'analytics.%'",
      );
      return rows[0].n === '0';
    },
    15_000,
    'analytics jobs done',
  );
}

const stats = (path: string, ws = acme) => request(analytics.app).get(path).set(ws.auth);

it('runs the core without analytics and analytics alone: each serves only its routes', async () => {
  expect(core.apis.find('analytics')).toBeDefined(); // the remote client
  await request(core.app).get('/v1/stats').set(acme.auth).expect(404);
  await request(analytics.app).get('/v1/links').set(acme.auth).expect(404);
});

it('counts redirects served by the core in stats served by analytics, bots apart', async () => {
  const link = await createLink('split-counted');
  await visit(link.slug, { 'User-Agent': CHROME_MAC, Referer: 'https://www.news.example/story' }, 7);
  await visit(link.slug, { 'User-Agent': GOOGLEBOT }, 2);
  await settle();

  const series = (await stats(`/v1/links/${link.id}/stats?interval=day`).expect(200)).body;
  expect(series).toMatchObject({ total: 7, bots: 2 });
  const breakdown = (await stats(`/v1/links/${link.id}/stats/breakdown?by=referrer`).expect(200)).body;
  expect(breakdown.data).toEqual([{ value: 'news.example', clicks: 7 }]);
  // The top links name the link: analytics looked it up at the core.
  const workspace = (await stats('/v1/stats').expect(200)).body;
  expect(workspace.topLinks).toEqual([{ linkId: link.id, slug: 'split-counted', domain: null, url: 'https://example.com/split-counted', clicks: 7 }]);
  // AnalyticsApi.rollUp over HTTP: nothing left to roll up.
  expect(await core.apis.get('analytics').rollUp()).toEqual({ batches: 0, clicks: 0 });
  // The core's links export asks analytics for each link's clicks (AnalyticsApi.clickTotals over HTTP).
  const exported = (await request(core.app).get('/v1/links/export?format=ndjson').set(acme.auth).expect(200)).text.trim().split('\n');
  expect(exported.map((line) => JSON.parse(line) as { slug: string; clicks: number })).toContainEqual(
    expect.objectContaining({ slug: 'split-counted', clicks: 7 }),
  );
});

it('locates clicks in the analytics process, from the address the core sends with them', async () => {
  const link = await createLink('split-located');
  await visit(link.slug, { 'User-Agent': CHROME_MAC, 'X-Forwarded-For': '203.0.113.5' }, 2);
  await settle();
  const breakdown = (await stats(`/v1/links/${link.id}/stats/breakdown?by=city`).expect(200)).body;
  expect(breakdown.data).toEqual([{ value: 'DE/Berlin', country: 'DE', city: 'Berlin', clicks: 2 }]);
});

it("answers 404 for an unknown link and for another workspace's link, as the monolith does", async () => {
  const theirs = await createLink('split-globex', globex);
  expectProblem(await stats(`/v1/links/${theirs.id}/stats`), 404);
  expectProblem(await stats('/v1/links/00000000-0000-4000-8000-000000000000/stats'), 404);
  expectProblem(await stats('/v1/links/not-an-id/stats'), 404);
});

it('authenticates through the core: 401 without or with a bad key, 403 without analytics:read, and a revoked key stops working', async () => {
  const link = await createLink('split-auth');
  expectProblem(await request(analytics.app).get(`/v1/links/${link.id}/stats`), 401);
  expectProblem(await request(analytics.app).get('/v1/stats').set('Authorization', 'Bearer sl_not-a-real-key-0000000000000000'), 401);
  const linksOnly = await request(core.app)
    .post('/v1/api-keys')
    .set(acme.auth)
    .send({ name: 'links only', scopes: ['links:read'] })
    .expect(201);
  expectProblem(await request(analytics.app).get('/v1/stats').set('Authorization', `Bearer ${linksOnly.body.key}`), 403);

  const reader = await request(core.app)
    .post('/v1/api-keys')
    .set(acme.auth)
    .send({ name: 'reader', scopes: ['analytics:read'] })
    .expect(201);
  const auth = { Authorization: `Bearer ${reader.body.key}` };
  await request(analytics.app).get('/v1/stats').set(auth).expect(200); // now cached in the analytics process
  await request(core.app).delete(`/v1/api-keys/${reader.body.id}`).set(acme.auth).expect(204);
  // The revocation reaches the analytics process's cache through the shared database's notifications.
  await eventually(async () => (await request(analytics.app).get('/v1/stats').set(auth)).status === 401, 5000, 'the revoked key refused');
});

it('takes a signed-in session as the core does, and ends it when the person signs out at the core', async () => {
  const person = await core.apis
    .get('identity')
    .createUser({ email: 'split@example.com', name: 'S', password: 'correct horse battery', workspaceId: acme.id, role: 'viewer' });
  const signIn = await request(core.app).post('/v1/session').send({ email: person.email, password: 'correct horse battery' }).expect(200);
  const cookie = (signIn.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
  await request(analytics.app).get('/v1/stats').set('Cookie', cookie).expect(200); // now cached in the analytics process
  await request(core.app).delete('/v1/session').set({ Cookie: cookie, 'X-CSRF-Token': signIn.body.csrfToken }).expect(204);
  await eventually(
    async () => (await request(analytics.app).get('/v1/stats').set('Cookie', cookie)).status === 401,
    5000,
    'the ended session refused',
  );
});

it('forgets a deleted link: link.deleted travels from the core to analytics through the queue', async () => {
  const link = await createLink('split-deleted');
  await visit(link.slug, { 'User-Agent': CHROME_MAC }, 3);
  await settle();
  expect((await stats('/v1/stats').expect(200)).body.topLinks.map((l: { linkId: string }) => l.linkId)).toContain(link.id);
  await request(core.app).delete(`/v1/links/${link.id}`).set(acme.auth).expect(204);
  await eventually(
    async () => {
      const { rows } = await core.db.platform.raw<{ rows: { n: number }[] }>(
        'select count(*)::int as n from analytics.link_daily where link_id = ?',
        [link.id],
      );
      return rows[0].n === 0;
    },
    10_000,
    'the rollups of the deleted link removed',
  );
});

it('serves /internal routes only with the internal token', async () => {
  expectProblem(await request(core.app).post('/internal/identity/principals').send({ key: 'x' }), 401);
  expectProblem(
    await request(core.app)
      .post('/internal/links/lookup')
      .set('Authorization', 'Bearer wrong-token-0000000000')
      .send({ workspaceId: acme.id, ids: [] }),
    401,
  );
  expectProblem(await request(analytics.app).post('/internal/analytics/rollup'), 401);
  const bad = await request(core.app)
    .post('/internal/links/lookup')
    .set('Authorization', `Bearer ${INTERNAL_TOKEN}`)
    .send({ workspaceId: 'nope', ids: [] });
  expectProblem(bad, 400);
  const totals = (body: unknown, token = INTERNAL_TOKEN) =>
    request(analytics.app)
      .post('/internal/analytics/click-totals')
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);
  expectProblem(await totals({ workspaceId: acme.id, linkIds: [] }, 'wrong-token-0000000000'), 401);
  expectProblem(await totals({ workspaceId: acme.id, linkIds: ['not-a-uuid'] }), 400);
  expectProblem(await totals({ workspaceId: acme.id, linkIds: Array.from({ length: 5001 }, () => acme.id) }), 400);
  expect((await totals({ workspaceId: globex.id, linkIds: [acme.id] }).expect(200)).body).toEqual({ totals: {} });
});

it('refuses a malformed click batch with 400, and takes a good one', async () => {
  const post = (body: unknown) =>
    request(analytics.app)
      .post('/internal/analytics/clicks')
      .set('Authorization', `Bearer ${INTERNAL_TOKEN}`)
      .send(body as object);
  expectProblem(await post({ clicks: [] }), 400);
  expectProblem(await post({ clicks: [{ linkId: 'x', workspaceId: acme.id, at: 1 }] }), 400);
  expectProblem(
    await request(analytics.app)
      .post('/internal/analytics/clicks')
      .set('Authorization', `Bearer ${INTERNAL_TOKEN}`)
      .set('Content-Type', 'application/json')
      .send('{"clicks":'),
    400,
  );
  const link = await createLink('split-posted');
  await post({ clicks: [{ linkId: link.id, workspaceId: acme.id, at: Date.now(), userAgent: CHROME_MAC }] }).expect(204);
  await settle();
  expect((await stats(`/v1/links/${link.id}/stats`).expect(200)).body.total).toBe(1);
});

it('answers 503, not 401, when the core answers 404 for its internal route (no INTERNAL_TOKEN there)', async () => {
  const notFound = http.createServer((_req, res) => res.writeHead(404, { 'Content-Type': 'application/json' }).end('{}'));
  servers.push(notFound);
  await new Promise<void>((resolve) => notFound.listen(0, '127.0.0.1', resolve));
  const lonely = deployment({ MODULES: 'analytics', CORE_URL: `http://127.0.0.1:${(notFound.address() as { port: number }).port}` });
  try {
    const res = await request(lonely.app).get('/v1/stats').set(acme.auth);
    expectProblem(res, 503);
    expect(res.body.detail).toMatch(/answered 404 .*INTERNAL_TOKEN/);
  } finally {
    await lonely.stop();
  }
});

it('answers 503, not 401, when the core cannot be asked about a key', async () => {
  const coreServer = servers[0];
  coreServer.closeAllConnections();
  await new Promise((resolve) => coreServer.close(resolve));
  servers.shift();
  const res = await request(analytics.app)
    .get('/v1/stats')
    .set('Authorization', `Bearer sl_${'A'.repeat(32)}`); // well formed, never seen
  expectProblem(res, 503);
  expect(res.body.detail).toMatch(/identity and links \(CORE_URL\) did not answer/);
});

import request from 'supertest';
import { createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../../support/app';
import { metricValue } from '../../support/metrics';
import { CHROME_MAC } from '../../support/user-agents';

/**
 * What the redirect answers from its cache without the database once warm:
 * unknown slugs (remembered for CACHE_TTL_S, not CACHE_NEGATIVE_TTL_S, here
 * 1 s), expired links, a used-up click limit and the password form — each as
 * the page or problem the hot path gives.
 */
let t: TestApp;
let acme: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp({ CACHE_NEGATIVE_TTL_S: '1' });
  acme = await createWorkspace(t.app);
});
afterAll(() => t.close());

const create = async (body: object) => (await request(t.app).post('/v1/links').set(acme.auth).send(body).expect(201)).body;
const linkQueries = () => metricValue(t.app, 'shortline_db_query_duration_seconds_count', { module: 'links', outcome: 'ok' });
const get = (path: string, accept = 'text/html') => request(t.app).get(path).set({ 'User-Agent': CHROME_MAC, Accept: accept });

it('remembers an unknown slug past CACHE_NEGATIVE_TTL_S, and forgets it the moment the slug is created', async () => {
  await get('/not-yet').expect(404);
  await new Promise((resolve) => setTimeout(resolve, 1200));
  const before = await linkQueries();
  const page = await get('/not-yet').expect(404);
  expect(page.headers['content-type']).toMatch(/^text\/html/);
  expect(page.headers['cache-control']).toBe('no-store');
  const problem = expectProblem(await get('/not-yet', 'application/json'), 404);
  expect(problem.instance).toBe('/not-yet');
  expect(await linkQueries()).toBe(before);
  await create({ url: 'https://example.com/now', slug: 'not-yet' });
  expect((await get('/not-yet').expect(302)).headers.location).toBe('https://example.com/now');
});

it('answers an expired link from the cache with 410, page or problem', async () => {
  // Long enough for the first redirect on a loaded machine; then only until it has passed.
  const expiresAt = Date.now() + 2500;
  const link = await create({ url: 'https://example.com/soon', expiresAt: new Date(expiresAt).toISOString() });
  await get(`/${link.slug}`).expect(302);
  await new Promise((resolve) => setTimeout(resolve, expiresAt - Date.now() + 100));
  const before = await linkQueries();
  expect((await get(`/${link.slug}`).expect(410)).text).toContain('expired');
  expect(expectProblem(await get(`/${link.slug}`, 'application/json'), 410).type).toBe('urn:shortline:problem:link-expired');
  expect(await linkQueries()).toBe(before);
});

it('answers a used-up click limit and the password form without the database', async () => {
  const limited = await create({ url: 'https://example.com/once', maxClicks: 1 });
  await get(`/${limited.slug}`).expect(302);
  await get(`/${limited.slug}`).expect(410);
  const locked = await create({ url: 'https://example.com/secret', password: 'pw' });
  await get(`/${locked.slug}`).expect(200);
  const before = await linkQueries();
  await get(`/${limited.slug}`).expect(410);
  const form = await get(`/${locked.slug}?a=1`).expect(200);
  expect(form.text).toContain(`action="/${locked.slug}/unlock?a=1"`);
  expect(String(form.headers['set-cookie'])).toMatch(/^sl_csrf=/);
  expect(form.headers['cache-control']).toBe('no-store');
  expect(expectProblem(await get(`/${locked.slug}`, 'application/json'), 401).type).toBe('urn:shortline:problem:link-password-required');
  expect(await linkQueries()).toBe(before);
});

it('answers HEAD as GET, without a body', async () => {
  const res = await request(t.app).head('/not-yet-either').set('Accept', 'text/html').expect(404);
  expect(res.text ?? '').toBe('');
});

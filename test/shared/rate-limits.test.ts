import request from 'supertest';
import { loadConfig } from '../../src/app/config';
import { createShortline, type Shortline } from '../../src/app/shortline';
import type { Env } from '../../src/shared/config';
import { createLogger } from '../../src/shared/logging';
import { ADMIN_TOKEN, createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../support/app';
import { metricValue } from '../support/metrics';
import { createPerson, signIn } from '../support/people';

/** Rate limits over real HTTP, counted in PostgreSQL (the default store). */

const limited = (t: TestApp, limit: string) => metricValue(t.app, 'shortline_rate_limited_total', { limit }, { absent: 0 });
const queries = (t: TestApp, module: string) => metricValue(t.app, 'shortline_db_query_duration_seconds_count', { module }, { absent: 0 });

function expectRateLimited(res: request.Response, name: string, points: number, window: number): void {
  const problem = expectProblem(res, 429);
  expect(problem.type).toBe('urn:shortline:problem:rate-limited');
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(window);
  expect(res.headers['ratelimit-policy']).toBe(`"${name}";q=${points};w=${window}`);
  // The reset is the same moment as Retry-After, as the draft asks.
  expect(res.headers.ratelimit).toBe(`"${name}";r=0;t=${retryAfter}`);
}

describe('an API key', () => {
  let t: TestApp;
  let acme: TestWorkspace;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMITS: 'on', RATE_LIMIT_API_KEY: '3/1m' });
    acme = await createWorkspace(t.app);
  });
  afterAll(() => t.close());

  it('is told its policy and what remains on every answer, and gets a 429 problem with Retry-After past its limit', async () => {
    for (const remaining of [2, 1, 0]) {
      const res = await request(t.app).get('/v1/links').set(acme.auth).expect(200);
      expect(res.headers['ratelimit-policy']).toBe('"api-key";q=3;w=60');
      expect(res.headers.ratelimit).toMatch(new RegExp(`^"api-key";r=${remaining};t=\\d+$`));
    }
    expectRateLimited(await request(t.app).get('/v1/links').set(acme.auth), 'api-key', 3, 60);
    expect(await limited(t, 'api-key')).toBe(1);
  });

  it('is limited alone: another key keeps its own count', async () => {
    const globex = await createWorkspace(t.app, 'Globex');
    const res = await request(t.app).get('/v1/links').set(globex.auth).expect(200);
    expect(res.headers.ratelimit).toMatch(/^"api-key";r=2;t=\d+$/);
  });

  it('leaves the admin API (ADMIN_TOKEN) and the platform endpoints unlimited', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await request(t.app).get('/healthz').expect(200);
      expect(res.headers.ratelimit).toBeUndefined();
    }
    await request(t.app).post('/v1/workspaces').set('Authorization', `Bearer ${ADMIN_TOKEN}`).send({ name: 'Initech' }).expect(201);
  });
});

describe('a session', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMITS: 'on', RATE_LIMIT_SESSION: '2/1m' });
  });
  afterAll(() => t.close());

  it('is limited on its own policy, and a second session of the same person has its own count', async () => {
    const acme = await createWorkspace(t.app);
    const person = await createPerson(t, acme, 'admin');
    const first = await signIn(t, person.email);
    await request(t.app).get('/v1/session').set(first.read).expect(200);
    const res = await request(t.app).get('/v1/links').set(first.read).expect(200);
    expect(res.headers['ratelimit-policy']).toBe('"session";q=2;w=60');
    expectRateLimited(await request(t.app).get('/v1/links').set(first.read), 'session', 2, 60);
    const second = await signIn(t, person.email);
    await request(t.app).get('/v1/links').set(second.read).expect(200);
  });
});

describe('rejected credentials', () => {
  let t: TestApp;
  let acme: TestWorkspace;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMITS: 'on', RATE_LIMIT_AUTH_FAILURES: '3/1m' });
    acme = await createWorkspace(t.app);
    // Cached: a known key is admitted without a look-up.
    await request(t.app).get('/v1/links').set(acme.auth).expect(200);
  });
  afterAll(() => t.close());

  const randomKey = () => ({ Authorization: `Bearer sl_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}` });

  it('are 401s until the address has too many, then a 429 that costs no look-up of the next unknown key', async () => {
    for (let i = 0; i < 3; i++) expectProblem(await request(t.app).get('/v1/links').set(randomKey()), 401);
    expectRateLimited(await request(t.app).get('/v1/links').set(randomKey()), 'auth-failures', 3, 60);
    const before = await queries(t, 'identity');
    for (let i = 0; i < 20; i++) expect((await request(t.app).get('/v1/links').set(randomKey())).status).toBe(429);
    expect(await queries(t, 'identity')).toBe(before);
    expect(await limited(t, 'auth-failures')).toBeGreaterThanOrEqual(21);
  });

  it('do not lock out a key the process already knows, though it calls from the blocked address', async () => {
    await request(t.app).get('/v1/links').set(acme.auth).expect(200);
  });
});

describe('sign-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMITS: 'on', RATE_LIMIT_SIGN_IN: '2/1m' });
  });
  afterAll(() => t.close());

  it('counts every attempt per address, right or wrong, and refuses the next with a 429 before any password is checked', async () => {
    const acme = await createWorkspace(t.app);
    const person = await createPerson(t, acme, 'viewer');
    const wrong = await request(t.app).post('/v1/session').send({ email: person.email, password: 'not the password' });
    expectProblem(wrong, 401);
    expect(wrong.headers['ratelimit-policy']).toBe('"sign-in";q=2;w=60');
    await signIn(t, person.email);
    const refused = await request(t.app).post('/v1/session').send({ email: person.email, password: 'correct horse battery' });
    expectRateLimited(refused, 'sign-in', 2, 60);
  });
});

describe('password-reset requests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMITS: 'on', RATE_LIMIT_PASSWORD_RESETS: '2/1h' });
  });
  afterAll(() => t.close());

  it('are counted per address, each one a possible mail, and refused past the limit before anything is looked up', async () => {
    const ask = () => request(t.app).post('/v1/password-resets').send({ email: 'someone@example.com' });
    for (let i = 0; i < 2; i++) expect((await ask()).headers['ratelimit-policy']).toBe('"password-resets";q=2;w=3600');
    expectRateLimited(await ask(), 'password-resets', 2, 3600);
  });
});

describe("a password-protected link's form", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMITS: 'on', RATE_LIMIT_LINK_UNLOCK: '2/1m' });
  });
  afterAll(() => t.close());

  it('takes a few answers per address, then a 429 before the password is checked', async () => {
    const acme = await createWorkspace(t.app);
    const link = await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/secret', password: 'pw-1' }).expect(201);
    const answer = () =>
      request(t.app)
        .post(`/${link.body.slug}/unlock`)
        .type('form')
        .set('Accept', 'application/json')
        .send({ password: 'guess', csrf: 'x'.repeat(24) });
    for (let i = 0; i < 2; i++) expect((await answer()).status).toBe(303);
    expectRateLimited(await answer(), 'link-unlock', 2, 60);
  });
});

describe('short URLs without a link', () => {
  let t: TestApp;
  let acme: TestWorkspace;
  let known: { slug: string };
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMITS: 'on', RATE_LIMIT_UNKNOWN_SLUGS: '3/1m' });
    acme = await createWorkspace(t.app);
    known = (await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/known' }).expect(201)).body;
    await request(t.app).get(`/${known.slug}`).expect(302);
  });
  afterAll(() => t.close());

  it('are 404s counted per address, then 429s that cost no look-up', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await request(t.app).get(`/nolink${i}`).set('Accept', 'application/json');
      expectProblem(res, 404);
      expect(res.headers['ratelimit-policy']).toBe('"unknown-slugs";q=3;w=60');
    }
    expectRateLimited(await request(t.app).get('/nolink3').set('Accept', 'application/json'), 'unknown-slugs', 3, 60);
    const before = await queries(t, 'links');
    for (let i = 4; i < 24; i++) expect((await request(t.app).get(`/nolink${i}`)).status).toBe(429);
    expect(await queries(t, 'links')).toBe(before);
  });

  it('do not limit the redirect of a known link, even from the blocked address, which gets no rate-limit fields', async () => {
    for (let i = 0; i < 10; i++) {
      const res = await request(t.app).get(`/${known.slug}`).expect(302);
      expect(res.headers.location).toBe('https://example.com/known');
      expect(res.headers.ratelimit).toBeUndefined();
    }
  });

  it('count hosts that are no domain as well, each once, then 429s that cost no look-up', async () => {
    // A strict default domain (PUBLIC_BASE_URL's host only): any other host is looked up as a custom domain.
    const strict = await createTestApp({ RATE_LIMITS: 'on', RATE_LIMIT_UNKNOWN_SLUGS: '3/1m', DEFAULT_DOMAIN_HOSTS: '' });
    const ask = (host: string) => request(strict.app).get('/some-slug').set('Host', host).set('Accept', 'application/json');
    try {
      for (let i = 0; i < 3; i++) {
        const res = await ask(`stray${i}.example`);
        expectProblem(res, 404);
        expect(res.headers['ratelimit-policy']).toBe('"unknown-slugs";q=3;w=60');
      }
      // Remembered as unknown: asked again, neither looked up nor counted.
      for (let i = 0; i < 5; i++) expectProblem(await ask('stray0.example'), 404);
      expectRateLimited(await ask('stray3.example'), 'unknown-slugs', 3, 60);
      const before = await queries(strict, 'domains');
      for (let i = 4; i < 14; i++) expect((await ask(`stray${i}.example`)).status).toBe(429);
      expect(await queries(strict, 'domains')).toBe(before);
    } finally {
      await strict.close();
    }
  });

  it('are not counted when already remembered as unknown: only look-ups count', async () => {
    const fresh = await createTestApp({ RATE_LIMITS: 'on', RATE_LIMIT_UNKNOWN_SLUGS: '3/1m' });
    try {
      for (let i = 0; i < 10; i++) expect((await request(fresh.app).get('/same-missing-slug')).status).toBe(404);
      expect(await limited(fresh, 'unknown-slugs')).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});

describe('the postgres store', () => {
  let t: TestApp;
  let second: Shortline;
  const env: Env = { RATE_LIMITS: 'on', RATE_LIMIT_API_KEY: '4/1m' };
  beforeAll(async () => {
    t = await createTestApp(env);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ADMIN_TOKEN, DATABASE_URL: t.database.url, WORKER: 'off', ...env });
    second = createShortline({ config, logger: createLogger(config.log), databaseUrl: t.database.url });
    await second.start();
  });
  afterAll(async () => {
    await second.stop();
    await t.close();
  });

  it('shares each count between two app instances on one database', async () => {
    const acme = await createWorkspace(t.app);
    await request(t.app).get('/v1/links').set(acme.auth).expect(200);
    await request(second.app).get('/v1/links').set(acme.auth).expect(200);
    await request(t.app).get('/v1/links').set(acme.auth).expect(200);
    const last = await request(second.app).get('/v1/links').set(acme.auth).expect(200);
    expect(last.headers.ratelimit).toMatch(/^"api-key";r=0;t=\d+$/);
    expectRateLimited(await request(t.app).get('/v1/links').set(acme.auth), 'api-key', 4, 60);
  });

  it('keeps its counts in the platform schema, one row per key and limit', async () => {
    const rows = await t.shortline.db.platform('platform.rate_limits').select('key', 'points');
    expect(rows).toEqual([expect.objectContaining({ key: expect.stringMatching(/^api-key:[0-9a-f-]{36}$/), points: 5 })]);
  });
});

describe('RATE_LIMITS=off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMITS: 'off', RATE_LIMIT_API_KEY: '1/1m' });
  });
  afterAll(() => t.close());

  it('limits nothing and sends no rate-limit fields', async () => {
    const acme = await createWorkspace(t.app);
    for (let i = 0; i < 3; i++) expect((await request(t.app).get('/v1/links').set(acme.auth).expect(200)).headers.ratelimit).toBeUndefined();
  });
});

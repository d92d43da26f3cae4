import request from 'supertest';
import { createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../../support/app';
import { metricValue } from '../../support/metrics';
import { eventually } from '../../support/receiver';

let t: TestApp;
let acme: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  acme = await createWorkspace(t.app);
});
afterAll(() => t.close());

const create = async (body: object) => (await request(t.app).post('/v1/links').set(acme.auth).send(body).expect(201)).body;
const linkQueries = () => metricValue(t.app, 'shortline_db_query_duration_seconds_count', { module: 'links', outcome: 'ok' });
const loads = () => metricValue(t.app, 'shortline_cache_loads_total', { cache: 'links:redirect' });
const notices = () => metricValue(t.app, 'shortline_cache_invalidations_total', { cache: 'links:redirect', source: 'notify' }, { absent: 0 });

describe('GET /:slug', () => {
  it('redirects with 302 by default, a Location and a short private cache lifetime', async () => {
    const link = await create({ url: 'https://example.com/landing' });
    const res = await request(t.app).get(`/${link.slug}`).expect(302);
    expect(res.headers.location).toBe('https://example.com/landing');
    expect(res.headers['cache-control']).toBe('private, max-age=90');
  });

  it.each([301, 307, 308] as const)("uses the link's redirect type %i", async (redirectType) => {
    const link = await create({ url: 'https://example.com/t', redirectType });
    const res = await request(t.app).get(`/${link.slug}`).expect(redirectType);
    expect(res.headers['cache-control']).toBe(redirectType === 307 ? 'private, max-age=90' : 'public, max-age=86400');
  });

  it('answers HEAD like GET, without a body', async () => {
    const link = await create({ url: 'https://example.com/head' });
    const res = await request(t.app).head(`/${link.slug}`).expect(302);
    expect(res.headers.location).toBe('https://example.com/head');
    expect(res.text ?? '').toBe('');
  });

  it('resolves slugs ignoring case', async () => {
    await create({ url: 'https://example.com/case', slug: 'CaseLink' });
    expect((await request(t.app).get('/caselink').expect(302)).headers.location).toBe('https://example.com/case');
  });

  it("forwards the query string when asked, merging with the target's own and keeping the fragment", async () => {
    const link = await create({ url: 'https://example.com/p?a=1&b=2#top', forwardQuery: true });
    const res = await request(t.app).get(`/${link.slug}?b=9&utm_source=mail`).expect(302);
    expect(res.headers.location).toBe('https://example.com/p?a=1&b=9&utm_source=mail#top');
  });

  it('does not forward the query string otherwise', async () => {
    const link = await create({ url: 'https://example.com/p?a=1' });
    expect((await request(t.app).get(`/${link.slug}?x=1`).expect(302)).headers.location).toBe('https://example.com/p?a=1');
  });

  it('answers an unknown slug with a 404 page, or problem+json when JSON is asked for', async () => {
    const page = await request(t.app).get('/no-such-link').set('Accept', 'text/html').expect(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<h1>Not found</h1>');
    expectProblem(await request(t.app).get('/no-such-link').set('Accept', 'application/json'), 404);
  });

  it('answers paths that cannot be slugs with 404 without asking the database', async () => {
    const before = await linkQueries();
    await request(t.app).get('/not.a.slug').expect(404);
    await request(t.app)
      .get(`/${'a'.repeat(80)}`)
      .expect(404);
    expect(await linkQueries()).toBe(before);
  });

  it('answers an expired link with 410', async () => {
    const link = await create({ url: 'https://example.com/old', expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await t.shortline.db.platform.raw("update links.links set expires_at = now() - interval '1 minute' where id = ?", [link.id]);
    const page = await request(t.app).get(`/${link.slug}`).expect(410);
    expect(page.text).toContain('expired');
    const problem = expectProblem(await request(t.app).get(`/${link.slug}`).set('Accept', 'application/json'), 410);
    expect(problem.type).toBe('urn:shortline:problem:link-expired');
  });

  it('caps the browser cache lifetime of a link that expires soon', async () => {
    const link = await create({ url: 'https://example.com/soon', expiresAt: new Date(Date.now() + 30_000).toISOString(), redirectType: 301 });
    const res = await request(t.app).get(`/${link.slug}`).expect(301);
    expect(res.headers['cache-control']).toMatch(/^private, max-age=(29|30)$/);
  });
});

describe('the redirect cache', () => {
  it('serves repeated redirects without database queries', async () => {
    const link = await create({ url: 'https://example.com/hot' });
    await request(t.app).get(`/${link.slug}`).expect(302);
    const before = await linkQueries();
    for (let i = 0; i < 20; i++) await request(t.app).get(`/${link.slug}`).expect(302);
    expect(await linkQueries()).toBe(before);
  });

  it('loads once for 100 concurrent misses of one slug (single-flight)', async () => {
    const link = await create({ url: 'https://example.com/flight' });
    const [queriesBefore, loadsBefore] = [await linkQueries(), await loads()];
    const responses = await Promise.all(Array.from({ length: 100 }, () => request(t.app).get(`/${link.slug}`)));
    expect(responses.every((r) => r.status === 302)).toBe(true);
    expect((await loads()) - loadsBefore).toBe(1);
    expect((await linkQueries()) - queriesBefore).toBe(1);
  });

  it('remembers unknown slugs briefly, and forgets at once when the slug is created', async () => {
    const before = await loads();
    await request(t.app).get('/soon-to-exist').expect(404);
    await request(t.app).get('/soon-to-exist').expect(404);
    expect((await loads()) - before).toBe(1);
    await create({ url: 'https://example.com/now', slug: 'soon-to-exist' });
    expect((await request(t.app).get('/soon-to-exist').expect(302)).headers.location).toBe('https://example.com/now');
  });

  it('applies an edit at once: new target, old slug gone, deleted link 404', async () => {
    const link = await create({ url: 'https://example.com/v1', slug: 'edit-me' });
    await request(t.app).get('/edit-me').expect(302);
    await request(t.app).patch(`/v1/links/${link.id}`).set(acme.auth).send({ url: 'https://example.com/v2' }).expect(200);
    expect((await request(t.app).get('/edit-me').expect(302)).headers.location).toBe('https://example.com/v2');
    await request(t.app).patch(`/v1/links/${link.id}`).set(acme.auth).send({ slug: 'edited' }).expect(200);
    await request(t.app).get('/edit-me').expect(404);
    await request(t.app).get('/edited').expect(302);
    await request(t.app).delete(`/v1/links/${link.id}`).set(acme.auth).expect(204);
    await request(t.app).get('/edited').expect(404);
  });

  it('shows its hits, misses, loads, keys and hit ratio in /metrics, and redirect outcomes', async () => {
    const text = (await request(t.app).get('/metrics')).text;
    for (const name of ['hits_total', 'misses_total', 'loads_total', 'keys', 'hit_ratio']) {
      expect(text).toMatch(new RegExp(`shortline_cache_${name}\\{cache="links:redirect"\\} [0-9.e-]+`));
    }
    expect(text).toMatch(/shortline_redirects_total\{outcome="redirected"\} [1-9]/);
    expect(text).toMatch(/shortline_redirects_total\{outcome="not_found"\} [1-9]/);
    expect(text).toMatch(/shortline_cache_listener_connected 1/);
  });

  it('can be switched off, so every redirect queries the database', async () => {
    const uncached = await createTestApp({ CACHE_ENABLED: 'off' });
    try {
      const ws = await createWorkspace(uncached.app);
      const link = (await request(uncached.app).post('/v1/links').set(ws.auth).send({ url: 'https://example.com' }).expect(201)).body;
      const queries = () => metricValue(uncached.app, 'shortline_db_query_duration_seconds_count', { module: 'links', outcome: 'ok' });
      const before = await queries();
      for (let i = 0; i < 5; i++) await request(uncached.app).get(`/${link.slug}`).expect(302);
      expect((await queries()) - before).toBe(5);
    } finally {
      await uncached.close();
    }
  });
});

describe('redirect details', () => {
  it("keeps the target's own encoding when forwarding the query", async () => {
    const link = await create({ url: 'https://example.com/s?q=a%20b&keep=1', forwardQuery: true });
    const res = await request(t.app).get(`/${link.slug}?ref=x%2Fy`).expect(302);
    expect(res.headers.location).toBe('https://example.com/s?q=a%20b&keep=1&ref=x%2Fy');
  });

  it('passes reserved and multi-segment paths on to the other routes', async () => {
    await request(t.app).get('/healthz').expect(200);
    expectProblem(await request(t.app).get('/v1').set('Accept', 'application/json'), 404);
  });
});

describe('slug paths', () => {
  it('accepts a trailing slash and a percent-encoded slug, as a route would', async () => {
    await create({ url: 'https://example.com/enc', slug: 'Abc-enc' });
    expect((await request(t.app).get('/abc-enc/').expect(302)).headers.location).toBe('https://example.com/enc');
    expect((await request(t.app).get('/%41bc-enc').expect(302)).headers.location).toBe('https://example.com/enc');
    await request(t.app).get('/%E0%A4%A').expect(404);
  });
});

describe('target URLs with non-ASCII characters', () => {
  it('are stored encoded (punycode host, percent-encoded path) and redirect', async () => {
    const link = await create({ url: 'https://例え.jp/日本?q=é' });
    expect(link.url).toBe('https://xn--r8jz45g.jp/%E6%97%A5%E6%9C%AC?q=%C3%A9');
    expect((await request(t.app).get(`/${link.slug}`).expect(302)).headers.location).toBe(link.url);
  });

  it('are refused with control characters or spaces', async () => {
    for (const url of ['https://example.com/a\nb', 'https://example.com/a b', 'https://example.com/\u0000']) {
      expectProblem(await request(t.app).post('/v1/links').set(acme.auth).send({ url }), 400);
    }
  });
});

describe('the fast lane (cached redirects answered before Express)', () => {
  it('answers a cached redirect exactly as the first, uncached one: status, Location, headers, metrics', async () => {
    const link = await create({ url: 'https://example.com/lane?a=1', forwardQuery: true });
    const first = await request(t.app).get(`/${link.slug}?b=2`).set('X-Request-Id', 'lane-1').expect(302);
    const durations = () => metricValue(t.app, 'shortline_http_request_duration_seconds_count', { route: '/:slug', status: '302' });
    const [redirectedBefore, durationsBefore] = [await metricValue(t.app, 'shortline_redirects_total', { outcome: 'redirected' }), await durations()];
    const second = await request(t.app).get(`/${link.slug}?b=2`).set('X-Request-Id', 'lane-2').expect(302);
    expect(second.headers.location).toBe('https://example.com/lane?a=1&b=2');
    expect(second.headers['x-request-id']).toBe('lane-2');
    const comparable = (headers: Record<string, string>) => {
      const { date: _date, 'x-request-id': _id, ...rest } = headers;
      return rest;
    };
    expect(comparable(second.headers)).toEqual(comparable(first.headers));
    expect(await metricValue(t.app, 'shortline_redirects_total', { outcome: 'redirected' })).toBe(redirectedBefore + 1);
    expect(await durations()).toBe(durationsBefore + 1);
  });

  it('leaves unknown, expired and non-slug paths, and other methods, to the normal path', async () => {
    // Unknown: the second time from the cache, which remembers the slug as unknown.
    await request(t.app).get('/no-such-slug-here').set('Accept', 'application/json').expect(404);
    await request(t.app).get('/no-such-slug-here').set('Accept', 'application/json').expect(404);

    // Expired: a link cached while live, then past its expiry, is not redirected from the cache.
    const noticesBefore = await notices();
    const expiring = await create({ url: 'https://example.com/expiring', expiresAt: new Date(Date.now() + 1500).toISOString() });
    // The create's cache notice, once heard, cannot evict the entry cached next.
    await eventually(async () => (await notices()) > noticesBefore, 5000, "the create's cache notice");
    await request(t.app).get(`/${expiring.slug}`).expect(302);
    const loadsBefore = await loads();
    await new Promise((resolve) => setTimeout(resolve, Date.parse(expiring.expiresAt) - Date.now() + 50));
    const gone = expectProblem(await request(t.app).get(`/${expiring.slug}`).set('Accept', 'application/json'), 410);
    expect(gone.type).toBe('urn:shortline:problem:link-expired');
    expect(await loads()).toBe(loadsBefore); // answered from the cached entry

    // Not a slug, a reserved path, another method on a cached slug.
    expect(expectProblem(await request(t.app).get('/not.a.slug').set('Accept', 'application/json'), 404).detail).toBe('No route for GET /not.a.slug');
    expect((await request(t.app).get('/healthz').expect(200)).body).toEqual({ status: 'ok' });
    const link = await create({ url: 'https://example.com/x' });
    await request(t.app).get(`/${link.slug}`).expect(302);
    expectProblem(await request(t.app).post(`/${link.slug}`).send({}), 404);
  });
});

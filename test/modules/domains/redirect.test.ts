import request from 'supertest';
import { createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../../support/app';
import { startDnsServer, type TestDnsServer } from '../../support/dns-server';
import { verifiedDomain } from '../../support/domains';
import { metricValue } from '../../support/metrics';
import { SLACKBOT } from '../../support/user-agents';
import { pngPixels, readCode } from '../../support/qr';

/**
 * The redirect by Host and slug, strict about hosts: PUBLIC_BASE_URL is
 * https://sho.rt and DEFAULT_DOMAIN_HOSTS is empty, so only sho.rt is the
 * default domain and supertest's own Host (127.0.0.1:<port>) is unknown.
 */
let t: TestApp;
let dns: TestDnsServer;
let acme: TestWorkspace;
let globex: TestWorkspace;
let go: { id: string; hostname: string };
let links: { id: string; hostname: string };
beforeAll(async () => {
  dns = await startDnsServer();
  t = await createTestApp({ PUBLIC_BASE_URL: 'https://sho.rt', DEFAULT_DOMAIN_HOSTS: '', DOMAINS_DNS_SERVERS: dns.address });
  acme = await createWorkspace(t.app, 'Acme');
  globex = await createWorkspace(t.app, 'Globex');
  go = await verifiedDomain(t.app, dns, acme, 'go.acme.example');
  links = await verifiedDomain(t.app, dns, globex, 'links.globex.example');
});
afterAll(async () => {
  await t.close();
  await dns.close();
});

const create = async (body: object, ws = acme) => (await request(t.app).post('/v1/links').set(ws.auth).send(body).expect(201)).body;
const get = (host: string, path: string) => request(t.app).get(path).set('Host', host);
const queries = (module: string) => metricValue(t.app, 'shortline_db_query_duration_seconds_count', { module, outcome: 'ok' }, { absent: 0 });

describe('GET /:slug by host', () => {
  it('sends the same slug on two domains and on the default domain to three different links', async () => {
    await create({ url: 'https://example.com/acme', slug: 'promo', domain: go.hostname });
    await create({ url: 'https://example.com/globex', slug: 'promo', domain: links.hostname }, globex);
    await create({ url: 'https://example.com/default', slug: 'promo' });
    expect((await get('go.acme.example', '/promo').expect(302)).headers.location).toBe('https://example.com/acme');
    expect((await get('links.globex.example', '/PROMO').expect(302)).headers.location).toBe('https://example.com/globex');
    expect((await get('sho.rt', '/promo').expect(302)).headers.location).toBe('https://example.com/default');
  });

  it('reads the Host as hosts are compared: any case, with a port, with a trailing dot', async () => {
    await create({ url: 'https://example.com/spelled', slug: 'spelled', domain: go.hostname });
    for (const host of ['GO.Acme.Example', 'go.acme.example:8080', 'go.acme.example.'])
      expect((await get(host, '/spelled').expect(302)).headers.location).toBe('https://example.com/spelled');
  });

  it("never serves another domain's link: a custom domain's slug is unknown on the default domain, and the reverse", async () => {
    await create({ url: 'https://example.com/only-go', slug: 'only-go', domain: go.hostname });
    await create({ url: 'https://example.com/only-default', slug: 'only-default' });
    expectProblem(await get('sho.rt', '/only-go').set('Accept', 'application/json'), 404);
    expectProblem(await get('links.globex.example', '/only-go').set('Accept', 'application/json'), 404);
    expectProblem(await get('go.acme.example', '/only-default').set('Accept', 'application/json'), 404);
  });

  it('answers an unknown host with a 404 page or problem naming it, for slugs and for /', async () => {
    await create({ url: 'https://example.com/d', slug: 'known-default' });
    const problem = expectProblem(await get('elsewhere.example', '/known-default').set('Accept', 'application/json'), 404);
    expect(problem.detail).toBe('elsewhere.example is not a domain of this service');
    const page = await get('elsewhere.example', '/known-default').set('Accept', 'text/html').expect(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('elsewhere.example is not a domain of this service');
    // supertest's own Host, 127.0.0.1:<port>, is not the default domain here.
    expectProblem(await request(t.app).get('/known-default').set('Accept', 'application/json'), 404);
    expectProblem(await get('elsewhere.example', '/').set('Accept', 'application/json'), 404);
    expect(await metricValue(t.app, 'shortline_redirects_total', { outcome: 'unknown_host' })).toBeGreaterThanOrEqual(3);
  });

  it('answers an unknown host from the fast lane once known, exactly as the first time: page, problem and HEAD', async () => {
    const comparable = (res: request.Response) => {
      const { date: _date, 'x-request-id': _id, ...headers } = res.headers;
      const body = res.headers['content-type']?.startsWith('application/problem+json') ? { ...res.body, requestId: undefined } : res.text;
      return { status: res.status, headers, body };
    };
    for (const host of ['fast.unknown.example', '192.0.2.7:8080']) {
      for (const accept of ['text/html', 'application/json']) {
        const first = await get(host, '/some-slug').set('Accept', accept).set('X-Request-Id', 'id-one');
        const second = await get(host, '/some-slug').set('Accept', accept).set('X-Request-Id', 'id-two');
        expect(comparable(second)).toEqual(comparable(first));
        expect(second.status).toBe(404);
        if (accept === 'application/json') {
          expect(second.body).toMatchObject({
            requestId: 'id-two',
            instance: '/some-slug',
            detail: `${host.split(':')[0]} is not a domain of this service`,
          });
        }
      }
      const head = await request(t.app).head('/').set('Host', host);
      expect(head.status).toBe(404);
      expect(head.text ?? '').toBe('');
    }
  });

  it('answers the API and the platform on every host', async () => {
    await get('elsewhere.example', '/healthz').expect(200);
    await get('go.acme.example', '/v1/links').set(acme.auth).expect(200);
  });

  it('treats a pending domain as unknown, and serves it once verified', async () => {
    const pending = (
      await request(t.app)
        .post('/v1/domains')
        .set(acme.auth)
        .send({ hostname: 'later.acme.example', rootUrl: 'https://www.acme.example/' })
        .expect(201)
    ).body;
    expectProblem(await get('later.acme.example', '/').set('Accept', 'application/json'), 404);
    dns.records.set(pending.verification.name, [pending.verification.value]);
    await request(t.app).post(`/v1/domains/${pending.id}/verify`).set(acme.auth).expect(200);
    expect((await get('later.acme.example', '/').expect(302)).headers.location).toBe('https://www.acme.example/');
  });

  it('ignores X-Forwarded-Host unless TRUST_PROXY trusts the proxy that sent it', async () => {
    await create({ url: 'https://example.com/fwd', slug: 'forwarded', domain: go.hostname });
    expectProblem(await get('sho.rt', '/forwarded').set('X-Forwarded-Host', 'go.acme.example').set('Accept', 'application/json'), 404);
    const proxied = await createTestApp({
      PUBLIC_BASE_URL: 'https://sho.rt',
      DEFAULT_DOMAIN_HOSTS: '',
      DOMAINS_DNS_SERVERS: dns.address,
      TRUST_PROXY: 'on',
    });
    try {
      const ws = await createWorkspace(proxied.app);
      const domain = await verifiedDomain(proxied.app, dns, ws, 'proxied.acme.example');
      await request(proxied.app)
        .post('/v1/links')
        .set(ws.auth)
        .send({ url: 'https://example.com/p', slug: 'behind', domain: domain.hostname })
        .expect(201);
      for (let i = 0; i < 2; i++) {
        const res = await request(proxied.app)
          .get('/behind')
          .set('Host', 'internal:3000')
          .set('X-Forwarded-Host', 'proxied.acme.example')
          .expect(302);
        expect(res.headers.location).toBe('https://example.com/p');
      }
    } finally {
      await proxied.close();
    }
  });
});

describe("a domain's own pages", () => {
  it('redirects / to rootUrl (302, briefly cacheable), and answers the 404 page without one', async () => {
    const root = await verifiedDomain(t.app, dns, acme, 'root.acme.example', { rootUrl: 'https://www.acme.example/home' });
    for (let i = 0; i < 2; i++) {
      const res = await get('root.acme.example', '/').expect(302);
      expect(res.headers.location).toBe('https://www.acme.example/home');
      expect(res.headers['cache-control']).toBe('private, max-age=90');
    }
    await request(t.app).patch(`/v1/domains/${root.id}`).set(acme.auth).send({ rootUrl: null }).expect(200);
    const page = await get('root.acme.example', '/').set('Accept', 'text/html').expect(404);
    expect(page.text).toContain('This domain has no page of its own');
    expect((await request(t.app).head('/').set('Host', 'go.acme.example').expect(404)).headers['cache-control']).toBe('no-store');
  });

  it('sends unknown slugs to notFoundUrl (302, not cached), or answers the 404 page without one', async () => {
    const domain = await verifiedDomain(t.app, dns, acme, 'missing.acme.example', { notFoundUrl: 'https://www.acme.example/missing' });
    await create({ url: 'https://example.com/there', slug: 'there', domain: domain.hostname });
    expect((await get('missing.acme.example', '/there').expect(302)).headers.location).toBe('https://example.com/there');
    for (let i = 0; i < 2; i++) {
      const res = await get('missing.acme.example', '/not-there').expect(302);
      expect(res.headers.location).toBe('https://www.acme.example/missing');
      expect(res.headers['cache-control']).toBe('no-store');
    }
    // The default domain, and a domain without one, answer the 404 page.
    expectProblem(await get('go.acme.example', '/not-there').set('Accept', 'application/json'), 404);
    expectProblem(await get('sho.rt', '/not-there').set('Accept', 'application/json'), 404);
    await request(t.app).patch(`/v1/domains/${domain.id}`).set(acme.auth).send({ notFoundUrl: null }).expect(200);
    expectProblem(await get('missing.acme.example', '/not-there').set('Accept', 'application/json'), 404);
  });

  it('keeps / on the default domain as the routes answer it', async () => {
    expect(expectProblem(await get('sho.rt', '/').set('Accept', 'application/json'), 404).detail).toBe('No route for GET /');
  });

  it('keeps reserved paths reserved on every domain', async () => {
    const domain = await verifiedDomain(t.app, dns, acme, 'reserved.acme.example', { notFoundUrl: 'https://www.acme.example/missing' });
    expect((await get(domain.hostname, '/healthz').expect(200)).body).toEqual({ status: 'ok' });
    expect(expectProblem(await get(domain.hostname, '/docs.json').set('Accept', 'application/json'), 404).detail).toMatch(/No route/);
    expectProblem(
      await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/', slug: 'metrics', domain: domain.hostname }),
      400,
    );
  });
});

describe('what a domain change does to the redirect', () => {
  it('stops serving a deleted domain at once, its host then unknown', async () => {
    const domain = await verifiedDomain(t.app, dns, acme, 'short-lived.acme.example', { rootUrl: 'https://www.acme.example/' });
    await get(domain.hostname, '/').expect(302);
    await request(t.app).delete(`/v1/domains/${domain.id}`).set(acme.auth).expect(204);
    expectProblem(await get(domain.hostname, '/').set('Accept', 'application/json'), 404);
  });

  it('serves cached hosts and links without a database query', async () => {
    await create({ url: 'https://example.com/hot', slug: 'hot', domain: go.hostname });
    await get(go.hostname, '/hot').expect(302);
    await get('elsewhere.example', '/hot').expect(404);
    const before = [await queries('links'), await queries('domains')];
    for (let i = 0; i < 20; i++) {
      await get(go.hostname, '/hot').expect(302);
      await get('elsewhere.example', '/hot').expect(404);
    }
    expect([await queries('links'), await queries('domains')]).toEqual(before);
  });

  it('forgets a host cached as unknown when the domain is added', async () => {
    expectProblem(await get('new.acme.example', '/').set('Accept', 'application/json'), 404);
    await verifiedDomain(t.app, dns, acme, 'new.acme.example', { rootUrl: 'https://www.acme.example/new' });
    expect((await get('new.acme.example', '/').expect(302)).headers.location).toBe('https://www.acme.example/new');
  });
});

describe("links pointing at this service's custom domains", () => {
  const loopField = async (res: request.Response) => (expectProblem(res, 400).errors as { field: string; message: string }[])[0];

  it('are refused as loops, whichever workspace owns the domain, in a URL, a targeting rule or a variant', async () => {
    expect(await loopField(await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://go.acme.example/promo' }))).toEqual({
      field: 'body.url',
      message: "must not point at one of this service's custom domains (it would loop)",
    });
    const rule = await request(t.app)
      .post('/v1/links')
      .set(acme.auth)
      .send({
        url: 'https://example.com/',
        targeting: [
          { os: ['ios'], url: 'https://example.com/ios' },
          { os: ['android'], url: 'http://LINKS.globex.example:8080/x' },
        ],
      });
    expect((await loopField(rule)).field).toBe('body.targeting.1.url');
    const split = await request(t.app)
      .post('/v1/links/bulk')
      .set(acme.auth)
      .send({
        links: [
          { url: 'https://example.com/ok' },
          {
            url: 'https://example.com/',
            variants: [
              { url: 'https://example.com/a', weight: 50 },
              { url: 'https://go.acme.example/b', weight: 50 },
            ],
          },
        ],
      })
      .expect(200);
    expect(split.body.results.map((r: { status: number }) => r.status)).toEqual([201, 400]);
    expect(split.body.results[1].error.errors[0].field).toBe('body.links.1.variants.1.url');
  });

  it('are refused in an update too, and the link keeps its URL', async () => {
    const link = await create({ url: 'https://example.com/stays' });
    expect((await loopField(await request(t.app).patch(`/v1/links/${link.id}`).set(acme.auth).send({ url: 'https://go.acme.example/' }))).field).toBe(
      'body.url',
    );
    expect((await request(t.app).get(`/v1/links/${link.id}`).set(acme.auth).expect(200)).body.url).toBe('https://example.com/stays');
  });

  it('may point at a host that is no domain of this service', async () => {
    await create({ url: 'https://acme.example/', targeting: [{ os: ['ios'], url: 'https://shop.acme.example/' }] });
  });
});

describe('a social preview on a custom domain', () => {
  it("names the link's short URL on its own domain", async () => {
    await create({ url: 'https://example.com/og', slug: 'og-page', domain: go.hostname, socialPreview: { title: 'On the domain' } });
    for (let i = 0; i < 2; i++) {
      const page = await get(go.hostname, '/og-page').set('User-Agent', SLACKBOT).expect(200);
      expect(page.text).toContain('<meta property="og:url" content="https://go.acme.example/og-page">');
    }
  });
});

describe('public QR codes on a custom domain', () => {
  const code = (host: string, path: string) =>
    get(host, path)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });

  it("holds the link's short URL on its domain, found by Host and slug as the redirect finds it", async () => {
    const link = await create({ url: 'https://example.com/qr', slug: 'qr-code', domain: go.hostname });
    const res = await code(go.hostname, '/QR-code/qr?format=png').expect(200);
    expect(readCode(pngPixels(res.body as Buffer))).toBe('https://go.acme.example/qr-code');
    expect(link.shortUrl).toBe('https://go.acme.example/qr-code');
    expectProblem(await get('sho.rt', '/qr-code/qr').set('Accept', 'application/json'), 404);
    expectProblem(await get('links.globex.example', '/qr-code/qr').set('Accept', 'application/json'), 404);
    expectProblem(await get('elsewhere.example', '/qr-code/qr').set('Accept', 'application/json'), 404);
  });

  it("answers 404 while the domain's publicQr is off; the API still draws the code", async () => {
    const domain = await verifiedDomain(t.app, dns, acme, 'qr.acme.example', { publicQr: false });
    const link = await create({ url: 'https://example.com/qr-off', slug: 'qr-off', domain: domain.hostname });
    expectProblem(await get(domain.hostname, '/qr-off/qr'), 404);
    await request(t.app).get(`/v1/links/${link.id}/qr`).set(acme.auth).expect(200);
    await request(t.app).patch(`/v1/domains/${domain.id}`).set(acme.auth).send({ publicQr: true }).expect(200);
    await code(domain.hostname, '/qr-off/qr').expect(200);
    await request(t.app).patch(`/v1/links/${link.id}`).set(acme.auth).send({ publicQr: false }).expect(200);
    expectProblem(await get(domain.hostname, '/qr-off/qr'), 404);
  });
});

describe('a password-protected link on a custom domain', () => {
  it('unlocks on its own domain, and is unknown on another', async () => {
    await create({ url: 'https://example.com/secret', slug: 'secret', domain: go.hostname, password: 'hunter22' });
    const form = await get(go.hostname, '/secret').set('Accept', 'text/html').expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(form.text)![1];
    const cookie = form.headers['set-cookie'];
    const unlocked = await request(t.app)
      .post('/secret/unlock')
      .set('Host', go.hostname)
      .set('Cookie', cookie)
      .type('form')
      .send({ password: 'hunter22', csrf })
      .expect(303);
    expect(unlocked.headers.location).toBe('/secret');
    const again = await get(go.hostname, '/secret').set('Cookie', unlocked.headers['set-cookie']).expect(302);
    expect(again.headers.location).toBe('https://example.com/secret');
    expectProblem(await request(t.app).post('/secret/unlock').set('Host', 'sho.rt').type('form').send({ password: 'hunter22', csrf }), 404);
  });
});

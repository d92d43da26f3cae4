import request from 'supertest';
import { createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../../support/app';
import { deadDnsAddress, startDnsServer, type TestDnsServer } from '../../support/dns-server';
import { verifiedDomain } from '../../support/domains';

/**
 * The domains API over real HTTP and PostgreSQL, verified against a DNS
 * server on 127.0.0.1 (DOMAINS_DNS_SERVERS): nothing leaves the machine.
 */
let t: TestApp;
let dns: TestDnsServer;
let acme: TestWorkspace;
let globex: TestWorkspace;
beforeAll(async () => {
  dns = await startDnsServer();
  t = await createTestApp({
    PUBLIC_BASE_URL: 'https://sho.rt',
    DOMAINS_DNS_SERVERS: dns.address,
    DOMAINS_DNS_TIMEOUT_MS: '300',
    DOMAINS_MAX_PER_WORKSPACE: '25',
  });
  acme = await createWorkspace(t.app, 'Acme');
  globex = await createWorkspace(t.app, 'Globex');
});
afterAll(async () => {
  await t.close();
  await dns.close();
});

const add = (body: unknown, ws = acme) =>
  request(t.app)
    .post('/v1/domains')
    .set(ws.auth)
    .send(body as object);
const keyWith = async (scopes: string[]) => ({
  Authorization: `Bearer ${
    (
      await request(t.app)
        .post('/v1/api-keys')
        .set(acme.auth)
        .send({ name: scopes.join(' '), scopes })
        .expect(201)
    ).body.key
  }`,
});

describe('POST /v1/domains', () => {
  it('adds a pending domain and answers the TXT record that verifies it', async () => {
    const res = await add({ hostname: 'Go.Acme.Example.' }).expect(201);
    expect(res.headers.location).toBe(`/v1/domains/${res.body.id}`);
    expect(res.body).toEqual({
      id: expect.any(String),
      hostname: 'go.acme.example',
      status: 'pending',
      verification: { type: 'TXT', name: '_shortline.go.acme.example', value: expect.stringMatching(/^shortline-verify=[0-9a-f]{32}$/) },
      verifiedAt: null,
      checkedAt: null,
      checkProblem: null,
      rootUrl: null,
      notFoundUrl: null,
      publicQr: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it('stores an internationalised hostname in punycode', async () => {
    expect((await add({ hostname: 'bücher.example' }).expect(201)).body.hostname).toBe('xn--bcher-kva.example');
  });

  it('takes where / and unknown slugs go, normalised, and whether public QR codes are served', async () => {
    const res = await add({ hostname: 'settings.acme.example', rootUrl: 'https://www.acme.example', notFoundUrl: null, publicQr: false }).expect(201);
    expect(res.body).toMatchObject({ rootUrl: 'https://www.acme.example/', notFoundUrl: null, publicQr: false });
    expect(expectProblem(await add({ hostname: 'qr.acme.example', publicQr: 'no' }), 400).errors).toEqual([
      { field: 'body.publicQr', message: expect.any(String) },
    ]);
  });

  it.each([
    ['an IPv4 address', '192.0.2.10', /IP address/],
    ['an IPv6 address', '[2001:db8::1]', /IP address/],
    ['a port', 'go.acme.example:8443', /port/],
    ['a URL', 'https://go.acme.example/', /host name alone/],
    ['one label', 'intranet', /two labels/],
    ['localhost', 'shortline.localhost', /localhost/],
    ['an underscore', 'go_x.acme.example', /valid host name/],
    ['a control character', 'go.acme\u0001.example', /control characters/],
    ['a NUL', 'go.acme\u0000.example', /NUL/],
    ['an oversize name', `${'abc.'.repeat(64)}example`, /at most 253/],
  ])('refuses %s with a 400 naming body.hostname', async (_case, hostname, message) => {
    const problem = expectProblem(await add({ hostname }), 400);
    expect(problem.errors).toEqual([{ field: 'body.hostname', message: expect.stringMatching(message) }]);
  });

  it("refuses the default domain (PUBLIC_BASE_URL's host) itself", async () => {
    const problem = expectProblem(await add({ hostname: 'SHO.RT' }), 400);
    expect(problem.errors).toEqual([{ field: 'body.hostname', message: expect.stringMatching(/default domain/) }]);
  });

  it('refuses wrong types, unknown and missing fields, and bad URLs', async () => {
    expect(expectProblem(await add({ hostname: 42 }), 400).errors).toEqual([{ field: 'body.hostname', message: expect.any(String) }]);
    expect(expectProblem(await add({}), 400).errors).toEqual([{ field: 'body.hostname', message: expect.any(String) }]);
    expect(expectProblem(await add({ hostname: 'x.acme.example', status: 'verified' }), 400).errors).toEqual([
      { field: 'body', message: expect.stringMatching(/status/) },
    ]);
    for (const rootUrl of ['ftp://files.example/', '/relative', 'https://u:p@www.example/', 'https://www.example/a b', 'x'.repeat(2100)]) {
      const problem = expectProblem(await add({ hostname: 'y.acme.example', rootUrl }), 400);
      expect(problem.errors).toEqual([{ field: 'body.rootUrl', message: expect.any(String) }]);
    }
    expect(expectProblem(await add({ hostname: 'z.acme.example', notFoundUrl: 'https://Z.acme.example/missing' }), 400).errors).toEqual([
      { field: 'body.notFoundUrl', message: expect.stringMatching(/domain itself/) },
    ]);
  });

  it('refuses malformed JSON and a body that is not JSON', async () => {
    expectProblem(await request(t.app).post('/v1/domains').set(acme.auth).set('Content-Type', 'application/json').send('{"hostname":'), 400);
    expectProblem(await request(t.app).post('/v1/domains').set(acme.auth).set('Content-Type', 'text/plain').send('go.example'), 415);
  });

  it('answers 409 for a hostname another workspace (or this one) has claimed, in any spelling', async () => {
    await add({ hostname: 'claimed.example' }, globex).expect(201);
    expect(expectProblem(await add({ hostname: 'CLAIMED.example.' }), 409).detail).toMatch(/claimed already/);
    expectProblem(await add({ hostname: 'claimed.example' }, globex), 409);
  });

  it('answers 403 past DOMAINS_MAX_PER_WORKSPACE', async () => {
    const ws = await createWorkspace(t.app, 'Many');
    for (let i = 0; i < 25; i++) await add({ hostname: `d${i}.many.example` }, ws).expect(201);
    expect(expectProblem(await add({ hostname: 'd25.many.example' }, ws), 403).detail).toMatch(/DOMAINS_MAX_PER_WORKSPACE/);
  });
});

describe('scopes', () => {
  it('needs domains:read to read and domains:write to change; links scopes are not enough', async () => {
    const links = await keyWith(['links:read', 'links:write']);
    expectProblem(await request(t.app).get('/v1/domains').set(links), 403);
    expectProblem(await request(t.app).post('/v1/domains').set(links).send({ hostname: 'scoped.acme.example' }), 403);
    const reader = await keyWith(['domains:read']);
    await request(t.app).get('/v1/domains').set(reader).expect(200);
    expectProblem(await request(t.app).post('/v1/domains').set(reader).send({ hostname: 'scoped.acme.example' }), 403);
    expectProblem(await request(t.app).get('/v1/domains'), 401);
  });
});

describe('GET, PATCH and DELETE /v1/domains/:id', () => {
  it('lists the workspace’s domains only, oldest first', async () => {
    const ws = await createWorkspace(t.app, 'Lister');
    const first = (await add({ hostname: 'a.lister.example' }, ws).expect(201)).body;
    const second = (await add({ hostname: 'b.lister.example' }, ws).expect(201)).body;
    expect((await request(t.app).get('/v1/domains').set(ws.auth).expect(200)).body).toEqual({ data: [first, second] });
    expect((await request(t.app).get(`/v1/domains/${first.id}`).set(ws.auth).expect(200)).body).toEqual(first);
  });

  it('changes rootUrl and notFoundUrl, null clearing them, and nothing else', async () => {
    const domain = (await add({ hostname: 'patch.acme.example', rootUrl: 'https://www.acme.example/' }).expect(201)).body;
    const res = await request(t.app)
      .patch(`/v1/domains/${domain.id}`)
      .set(acme.auth)
      .send({ rootUrl: null, notFoundUrl: 'https://www.acme.example/404' })
      .expect(200);
    expect(res.body).toMatchObject({ hostname: 'patch.acme.example', rootUrl: null, notFoundUrl: 'https://www.acme.example/404' });
    expectProblem(await request(t.app).patch(`/v1/domains/${domain.id}`).set(acme.auth).send({}), 400);
    expect(
      expectProblem(await request(t.app).patch(`/v1/domains/${domain.id}`).set(acme.auth).send({ hostname: 'other.example' }), 400).errors,
    ).toEqual(expect.arrayContaining([{ field: 'body', message: expect.stringMatching(/hostname/) }]));
    expect(
      expectProblem(await request(t.app).patch(`/v1/domains/${domain.id}`).set(acme.auth).send({ rootUrl: 'https://patch.acme.example/' }), 400)
        .errors,
    ).toEqual([{ field: 'body.rootUrl', message: expect.stringMatching(/domain itself/) }]);
  });

  it("answers 404 for another workspace's domain, an unknown id and a malformed id, on every operation", async () => {
    const theirs = (await add({ hostname: 'theirs.globex.example' }, globex).expect(201)).body;
    for (const id of [theirs.id, '00000000-0000-4000-8000-000000000000', 'nope']) {
      expectProblem(await request(t.app).get(`/v1/domains/${id}`).set(acme.auth), 404);
      expectProblem(await request(t.app).patch(`/v1/domains/${id}`).set(acme.auth).send({ rootUrl: null }), 404);
      expectProblem(await request(t.app).post(`/v1/domains/${id}/verify`).set(acme.auth), 404);
      expectProblem(await request(t.app).delete(`/v1/domains/${id}`).set(acme.auth), 404);
    }
    await request(t.app).get(`/v1/domains/${theirs.id}`).set(globex.auth).expect(200);
  });

  it('deletes a domain without links, which frees its hostname for anyone', async () => {
    const domain = (await add({ hostname: 'gone.acme.example' }).expect(201)).body;
    await request(t.app).delete(`/v1/domains/${domain.id}`).set(acme.auth).expect(204);
    expectProblem(await request(t.app).get(`/v1/domains/${domain.id}`).set(acme.auth), 404);
    await add({ hostname: 'gone.acme.example' }, globex).expect(201);
  });

  it('refuses to delete a domain that has links (409), and deletes it once they are gone', async () => {
    const domain = await verifiedDomain(t.app, dns, acme, 'busy.acme.example');
    const link = (await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/', domain: domain.hostname }).expect(201))
      .body;
    expect(expectProblem(await request(t.app).delete(`/v1/domains/${domain.id}`).set(acme.auth), 409).detail).toMatch(/still has links/);
    await request(t.app).delete(`/v1/links/${link.id}`).set(acme.auth).expect(204);
    await request(t.app).delete(`/v1/domains/${domain.id}`).set(acme.auth).expect(204);
  });
});

describe('POST /v1/domains/:id/verify', () => {
  it('verifies a domain whose TXT record holds the token, among other records', async () => {
    const domain = (await add({ hostname: 'verify.acme.example' }).expect(201)).body;
    dns.records.set('_shortline.verify.acme.example', ['v=spf1 -all', domain.verification.value]);
    const res = await request(t.app).post(`/v1/domains/${domain.id}/verify`).set(acme.auth).expect(200);
    expect(res.body).toMatchObject({ status: 'verified', verifiedAt: expect.any(String), checkedAt: expect.any(String), checkProblem: null });
  });

  it('answers a verified domain as it is, without asking DNS again', async () => {
    const domain = await verifiedDomain(t.app, dns, acme, 'again.acme.example');
    dns.records.delete(domain.verification.name);
    const asked = dns.questions;
    expect((await request(t.app).post(`/v1/domains/${domain.id}/verify`).set(acme.auth).expect(200)).body).toEqual(domain);
    expect(dns.questions).toBe(asked);
  });

  it('answers 409 saying what it found when the TXT records hold another value', async () => {
    const domain = (await add({ hostname: 'wrong.acme.example' }).expect(201)).body;
    dns.records.set('_shortline.wrong.acme.example', ['shortline-verify=not-the-token']);
    const problem = expectProblem(await request(t.app).post(`/v1/domains/${domain.id}/verify`).set(acme.auth), 409);
    expect(problem.detail).toContain('"shortline-verify=not-the-token"');
    expect(problem.detail).toContain(domain.verification.value);
    const after = (await request(t.app).get(`/v1/domains/${domain.id}`).set(acme.auth).expect(200)).body;
    expect(after).toMatchObject({ status: 'pending', checkedAt: expect.any(String), checkProblem: expect.stringContaining('not-the-token') });
  });

  it('answers 409 when there is no TXT record at all', async () => {
    const domain = (await add({ hostname: 'norecord.acme.example' }).expect(201)).body;
    expect(expectProblem(await request(t.app).post(`/v1/domains/${domain.id}/verify`).set(acme.auth), 409).detail).toMatch(
      /no TXT record at _shortline\.norecord\.acme\.example/,
    );
  });

  it("verifies another workspace's record for no one: the token is each domain's own", async () => {
    const mine = (await add({ hostname: 'token.acme.example' }).expect(201)).body;
    const other = (await add({ hostname: 'token.globex.example' }, globex).expect(201)).body;
    dns.records.set(mine.verification.name, [other.verification.value]);
    expectProblem(await request(t.app).post(`/v1/domains/${mine.id}/verify`).set(acme.auth), 409);
  });
});

describe('verification when DNS does not answer', () => {
  it('answers 503 with Retry-After when the resolver is down, and 503 again when it times out', async () => {
    const down = await createTestApp({ DOMAINS_DNS_SERVERS: await deadDnsAddress(), DOMAINS_DNS_TIMEOUT_MS: '200' });
    const silent = await startDnsServer();
    silent.silent = true;
    const mute = await createTestApp({ DOMAINS_DNS_SERVERS: silent.address, DOMAINS_DNS_TIMEOUT_MS: '200' });
    try {
      for (const app of [down.app, mute.app]) {
        const ws = await createWorkspace(app);
        const domain = (await request(app).post('/v1/domains').set(ws.auth).send({ hostname: 'down.example' }).expect(201)).body;
        const res = await request(app).post(`/v1/domains/${domain.id}/verify`).set(ws.auth);
        expect(expectProblem(res, 503).detail).toMatch(/no answer from DNS about _shortline\.down\.example \((ECONNREFUSED|ETIMEOUT)\)/);
        expect(res.headers['retry-after']).toBe('30');
      }
      expect(silent.questions).toBeGreaterThan(0);
    } finally {
      await Promise.all([down.close(), mute.close(), silent.close()]);
    }
  });
});

describe('links on a domain', () => {
  let domain: { id: string; hostname: string };
  beforeAll(async () => {
    domain = await verifiedDomain(t.app, dns, acme, 'go.links.example');
  });

  const createLink = (body: object, ws = acme) => request(t.app).post('/v1/links').set(ws.auth).send(body);

  it('creates a link on a verified domain of the workspace, shown with its domain and short URL', async () => {
    const res = await createLink({ url: 'https://example.com/a', slug: 'launch', domain: 'GO.links.example' }).expect(201);
    expect(res.body).toMatchObject({ slug: 'launch', domain: 'go.links.example', shortUrl: 'https://go.links.example/launch' });
    const again = (await request(t.app).get(`/v1/links/${res.body.id}`).set(acme.auth).expect(200)).body;
    expect(again).toMatchObject({ domain: 'go.links.example', shortUrl: 'https://go.links.example/launch' });
  });

  it('lists the links of one domain with domain=<hostname>, in any spelling', async () => {
    const on = (await createLink({ url: 'https://example.com/on', domain: domain.hostname }).expect(201)).body;
    await createLink({ url: 'https://example.com/off' }).expect(201);
    const res = await request(t.app).get('/v1/links').query({ domain: 'GO.links.example', limit: '100' }).set(acme.auth).expect(200);
    expect(res.body.data.length).toBeGreaterThan(0);
    expect(res.body.data.every((link: { domain: string }) => link.domain === 'go.links.example')).toBe(true);
    expect(res.body.data.map((link: { id: string }) => link.id)).toContain(on.id);
  });

  it('keeps slugs unique per domain: the same slug on another domain and on the default one, not twice on one', async () => {
    const other = await verifiedDomain(t.app, dns, globex, 'other.links.example');
    await createLink({ url: 'https://example.com/1', slug: 'same', domain: domain.hostname }).expect(201);
    await createLink({ url: 'https://example.com/2', slug: 'same', domain: other.hostname }, globex).expect(201);
    await createLink({ url: 'https://example.com/3', slug: 'SAME' }).expect(201);
    expect(expectProblem(await createLink({ url: 'https://example.com/4', slug: 'Same', domain: domain.hostname }), 409).detail).toMatch(/taken/);
  });

  it.each([
    ['an unknown domain', 'unknown.links.example', /not a domain of this workspace/],
    ['a malformed one', 'not a host', /verified domains/],
    ['the default domain', 'sho.rt', /not a domain of this workspace/],
  ])('refuses %s with a 400 naming body.domain', async (_case, hostname, message) => {
    const problem = expectProblem(await createLink({ url: 'https://example.com/', domain: hostname }), 400);
    expect(problem.errors).toEqual([{ field: 'body.domain', message: expect.stringMatching(message) }]);
  });

  it("refuses an unverified domain, and another workspace's verified one, with a 400 naming body.domain", async () => {
    const pending = (await add({ hostname: 'pending.links.example' }).expect(201)).body;
    expect(expectProblem(await createLink({ url: 'https://example.com/', domain: pending.hostname }), 400).errors).toEqual([
      { field: 'body.domain', message: expect.stringMatching(/not verified/) },
    ]);
    expect(expectProblem(await createLink({ url: 'https://example.com/', domain: domain.hostname }, globex), 400).errors).toEqual([
      { field: 'body.domain', message: expect.stringMatching(/not a domain of this workspace/) },
    ]);
  });

  it('refuses a domain of the wrong type or an empty one', async () => {
    expect(expectProblem(await createLink({ url: 'https://example.com/', domain: 7 }), 400).errors).toEqual([
      { field: 'body.domain', message: expect.any(String) },
    ]);
    expectProblem(await createLink({ url: 'https://example.com/', domain: '' }), 400);
  });

  it('does not move a link to another domain on PATCH', async () => {
    const link = (await createLink({ url: 'https://example.com/', domain: domain.hostname }).expect(201)).body;
    expectProblem(await request(t.app).patch(`/v1/links/${link.id}`).set(acme.auth).send({ domain: null }), 400);
  });

  it('answers per item in a bulk create, naming the bad item’s domain', async () => {
    const res = await request(t.app)
      .post('/v1/links/bulk')
      .set(acme.auth)
      .send({
        links: [
          { url: 'https://example.com/b1', slug: 'bulk-one', domain: domain.hostname },
          { url: 'https://example.com/b2', domain: 'unknown.links.example' },
          { url: 'https://example.com/b3', slug: 'bulk-one', domain: domain.hostname },
          { url: 'https://example.com/b4', slug: 'bulk-one' },
        ],
      })
      .expect(200);
    expect(res.body.created).toBe(2);
    expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([201, 400, 409, 201]);
    expect(res.body.results[0].link).toMatchObject({ domain: domain.hostname, shortUrl: `https://${domain.hostname}/bulk-one` });
    expect(res.body.results[1].error.errors).toEqual([{ field: 'body.links.1.domain', message: expect.stringMatching(/not a domain/) }]);
    expect(res.body.results[3].link).toMatchObject({ domain: null, shortUrl: 'https://sho.rt/bulk-one' });
  });

  it('renames a slug within its domain, freeing the old one on that domain only', async () => {
    const link = (await createLink({ url: 'https://example.com/', slug: 'rename-me', domain: domain.hostname }).expect(201)).body;
    const res = await request(t.app).patch(`/v1/links/${link.id}`).set(acme.auth).send({ slug: 'renamed' }).expect(200);
    expect(res.body).toMatchObject({ slug: 'renamed', domain: domain.hostname, shortUrl: `https://${domain.hostname}/renamed` });
    await createLink({ url: 'https://example.com/', slug: 'rename-me', domain: domain.hostname }).expect(201);
  });
});

describe('the re-check of pending domains (domains.recheck-pending)', () => {
  const recheck = () =>
    t.shortline.cells
      .get('main')!
      .modules.flatMap(({ instance }) => instance.tasks ?? [])
      .find((candidate) => candidate.name === 'domains.recheck-pending')!
      .run({}, { id: 'test', attempts: 1 });

  it('deletes domains pending past DOMAINS_PENDING_DAYS (7), freeing their hostnames; verified ones stay', async () => {
    const squatted = (await add({ hostname: 'squatted.recheck.example' }, globex).expect(201)).body;
    const old = await verifiedDomain(t.app, dns, globex, 'old.recheck.example');
    await t.shortline.db.platform.raw("update domains.domains set created_at = now() - interval '8 days' where id = any(?::uuid[])", [
      [squatted.id, old.id],
    ]);
    expectProblem(await add({ hostname: 'squatted.recheck.example' }), 409);
    await recheck();
    expectProblem(await request(t.app).get(`/v1/domains/${squatted.id}`).set(globex.auth), 404);
    await request(t.app).get(`/v1/domains/${old.id}`).set(globex.auth).expect(200);
    await add({ hostname: 'squatted.recheck.example' }).expect(201);
  });

  it('verifies a pending domain whose record appeared, and records what it found for the others', async () => {
    const ready = (await add({ hostname: 'ready.recheck.example' }).expect(201)).body;
    const notYet = (await add({ hostname: 'notyet.recheck.example' }).expect(201)).body;
    dns.records.set(ready.verification.name, [ready.verification.value]);
    const task = t.shortline.cells
      .get('main')!
      .modules.flatMap(({ instance }) => instance.tasks ?? [])
      .find((candidate) => candidate.name === 'domains.recheck-pending')!;
    await task.run({}, { id: 'test', attempts: 1 });
    expect((await request(t.app).get(`/v1/domains/${ready.id}`).set(acme.auth).expect(200)).body).toMatchObject({ status: 'verified' });
    expect((await request(t.app).get(`/v1/domains/${notYet.id}`).set(acme.auth).expect(200)).body).toMatchObject({
      status: 'pending',
      checkedAt: expect.any(String),
      checkProblem: expect.stringMatching(/no TXT record at _shortline\.notyet\.recheck\.example/),
    });
    // A domain checked a moment ago rests until the next runs.
    const asked = dns.questions;
    await task.run({}, { id: 'test-2', attempts: 1 });
    expect(dns.questions).toBe(asked);
  });
});

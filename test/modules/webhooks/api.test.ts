import request from 'supertest';
import { ADMIN_TOKEN, createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../../support/app';

/** The webhooks API: CRUD, the secret shown once, scopes, workspaces, bad input, and URLs the outbound policy refuses. */
let t: TestApp;
let acme: TestWorkspace;
let globex: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp({ OUTBOUND_ALLOW: '127.0.0.1', WEBHOOKS_MAX_PER_WORKSPACE: '3' });
  acme = await createWorkspace(t.app, 'Acme');
  globex = await createWorkspace(t.app, 'Globex');
});
afterAll(() => t.close());

const create = (ws: TestWorkspace, body: unknown) =>
  request(t.app)
    .post('/v1/webhooks')
    .set(ws.auth)
    .send(body as object);

it('creates a webhook, shows its secret once, and lists, reads, updates and deletes it', async () => {
  const res = await create(acme, { url: 'http://127.0.0.1:9/hook', events: ['link.created', 'link.clicked'], description: 'CRM sync' }).expect(201);
  expect(res.headers.location).toBe(`/v1/webhooks/${res.body.id}`);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.body).toEqual({
    id: expect.any(String),
    url: 'http://127.0.0.1:9/hook',
    events: ['link.created', 'link.clicked'],
    description: 'CRM sync',
    enabled: true,
    disabledReason: null,
    disabledAt: null,
    consecutiveFailures: 0,
    createdAt: expect.any(String),
    updatedAt: expect.any(String),
    secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/),
  });
  const id = res.body.id;

  const read = await request(t.app).get(`/v1/webhooks/${id}`).set(acme.auth).expect(200);
  expect(read.body).not.toHaveProperty('secret');
  expect(read.body.url).toBe('http://127.0.0.1:9/hook');
  const list = await request(t.app).get('/v1/webhooks').set(acme.auth).expect(200);
  expect(list.body.data.map((w: { id: string }) => w.id)).toContain(id);
  expect(JSON.stringify(list.body)).not.toContain('whsec_');

  const patched = await request(t.app)
    .patch(`/v1/webhooks/${id}`)
    .set(acme.auth)
    .send({ events: ['link.deleted'], description: null, enabled: false })
    .expect(200);
  expect(patched.body).toMatchObject({ events: ['link.deleted'], description: null, enabled: false, disabledReason: 'Disabled by request' });
  const enabled = await request(t.app).patch(`/v1/webhooks/${id}`).set(acme.auth).send({ enabled: true }).expect(200);
  expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null });

  await request(t.app).delete(`/v1/webhooks/${id}`).set(acme.auth).expect(204);
  expectProblem(await request(t.app).get(`/v1/webhooks/${id}`).set(acme.auth), 404);
});

it("treats another workspace's webhook ids as unknown, on every route", async () => {
  const theirs = (await create(globex, { url: 'http://127.0.0.1:9/g', events: ['link.created'] }).expect(201)).body.id;
  const routes = [
    request(t.app).get(`/v1/webhooks/${theirs}`),
    request(t.app).patch(`/v1/webhooks/${theirs}`).send({ enabled: false }),
    request(t.app).delete(`/v1/webhooks/${theirs}`),
    request(t.app).post(`/v1/webhooks/${theirs}/test`),
    request(t.app).get(`/v1/webhooks/${theirs}/deliveries`),
    request(t.app).post(`/v1/webhooks/${theirs}/deliveries/00000000-0000-4000-8000-000000000000/redeliver`),
  ];
  for (const req of routes) expectProblem(await req.set(acme.auth), 404);
  // Still there, untouched, for its owner.
  expect((await request(t.app).get(`/v1/webhooks/${theirs}`).set(globex.auth).expect(200)).body.enabled).toBe(true);
  expect((await request(t.app).get('/v1/webhooks').set(acme.auth).expect(200)).body.data.map((w: { id: string }) => w.id)).not.toContain(theirs);
});

it('rejects bad input with clear problems and stores nothing', async () => {
  const before = (await request(t.app).get('/v1/webhooks').set(acme.auth).expect(200)).body.data.length;
  const cases: [unknown, string][] = [
    [{ url: 'not a url', events: ['link.created'] }, 'body.url'],
    [{ url: 'ftp://127.0.0.1/x', events: ['link.created'] }, 'body.url'],
    [{ url: 'http://127.0.0.1/x', events: [] }, 'body.events'],
    [{ url: 'http://127.0.0.1/x', events: ['link.exploded'] }, 'body.events.0'],
    [{ url: 'http://127.0.0.1/x', events: ['link.created', 'link.created'] }, 'body.events'],
    [{ url: 'http://127.0.0.1/x', events: 'link.created' }, 'body.events'],
    [{ url: 42, events: ['link.created'] }, 'body.url'],
    [{ url: 'http://127.0.0.1/a\u0000b', events: ['link.created'] }, 'body.url'],
    [{ url: 'http://127.0.0.1/x', events: ['link.created'], description: 'a\u0000b' }, 'body.description'],
    [{ url: 'http://127.0.0.1/x', events: ['link.created'], secret: 'mine' }, 'body'],
    [{ events: ['link.created'] }, 'body.url'],
  ];
  for (const [body, field] of cases) {
    const problem = expectProblem(await create(acme, body), 400);
    expect((problem.errors as { field: string }[]).map((e) => e.field)).toContain(field);
  }
  expectProblem(await request(t.app).post('/v1/webhooks').set(acme.auth).set('Content-Type', 'application/json').send('{"url":'), 400);
  expectProblem(await request(t.app).post('/v1/webhooks').set(acme.auth).set('Content-Type', 'text/plain').send('url=x'), 415);
  expectProblem(
    await request(t.app)
      .post('/v1/webhooks')
      .set(acme.auth)
      .send({ url: `http://127.0.0.1/${'x'.repeat(2_000_000)}`, events: ['link.created'] }),
    413,
  );
  expectProblem(await request(t.app).patch('/v1/webhooks/not-a-uuid').set(acme.auth).send({ enabled: true }), 404);
  expectProblem(await request(t.app).get('/v1/webhooks/00000000-0000-4000-8000-000000000000').set(acme.auth), 404);

  const id = (await create(acme, { url: 'http://127.0.0.1:9/keep', events: ['link.created'] }).expect(201)).body.id;
  expectProblem(await request(t.app).patch(`/v1/webhooks/${id}`).set(acme.auth).send({}), 400);
  expectProblem(await request(t.app).patch(`/v1/webhooks/${id}`).set(acme.auth).send({ enabled: 'yes' }), 400);
  expectProblem(
    await request(t.app)
      .patch(`/v1/webhooks/${id}`)
      .set(acme.auth)
      .send({ events: ['nope'] }),
    400,
  );
  expectProblem(await request(t.app).get(`/v1/webhooks/${id}/deliveries?status=lost`).set(acme.auth), 400);
  expectProblem(await request(t.app).get(`/v1/webhooks/${id}/deliveries?cursor=garbage`).set(acme.auth), 400);
  const forged = (position: object) => Buffer.from(JSON.stringify(position)).toString('base64url');
  expectProblem(
    await request(t.app)
      .get(`/v1/webhooks/${id}/deliveries?cursor=${forged({ t: '2026-01-01T00:00:00Z', i: '-'.repeat(36) })}`)
      .set(acme.auth),
    400,
  );
  expectProblem(
    await request(t.app)
      .get(`/v1/webhooks/${id}/deliveries?cursor=${forged({ t: '-010000-01-01T00:00:00Z', i: '00000000-0000-4000-8000-000000000000' })}`)
      .set(acme.auth),
    400,
  );
  expectProblem(await request(t.app).post(`/v1/webhooks/${id}/deliveries/00000000-0000-4000-8000-000000000000/redeliver`).set(acme.auth), 404);
  const kept = (await request(t.app).get(`/v1/webhooks/${id}`).set(acme.auth).expect(200)).body;
  expect(kept).toMatchObject({ url: 'http://127.0.0.1:9/keep', events: ['link.created'], enabled: true });
  expect((await request(t.app).get('/v1/webhooks').set(acme.auth).expect(200)).body.data.length).toBe(before + 1);
  await request(t.app).delete(`/v1/webhooks/${id}`).set(acme.auth).expect(204);
});

it('refuses a URL with credentials on create and update, as link URLs, keeping what is stored', async () => {
  const before = (await request(t.app).get('/v1/webhooks').set(acme.auth).expect(200)).body.data.length;
  for (const url of ['http://user:secret@127.0.0.1:9/hook', 'http://user@127.0.0.1:9/hook', 'http://:secret@127.0.0.1:9/hook']) {
    const problem = expectProblem(await create(acme, { url, events: ['link.created'] }), 400);
    expect(problem.errors).toEqual([{ field: 'body.url', message: 'must not contain credentials (user:password@)' }]);
  }
  expect((await request(t.app).get('/v1/webhooks').set(acme.auth).expect(200)).body.data.length).toBe(before);

  const id = (await create(acme, { url: 'http://127.0.0.1:9/plain', events: ['link.created'] }).expect(201)).body.id;
  expectProblem(await request(t.app).patch(`/v1/webhooks/${id}`).set(acme.auth).send({ url: 'http://user:secret@127.0.0.1:9/hook' }), 400);
  expect((await request(t.app).get(`/v1/webhooks/${id}`).set(acme.auth).expect(200)).body.url).toBe('http://127.0.0.1:9/plain');
  await request(t.app).delete(`/v1/webhooks/${id}`).set(acme.auth).expect(204);
});

it('needs webhooks:read to read and webhooks:write to change', async () => {
  const keys = await request(t.app)
    .post('/v1/api-keys')
    .set(acme.auth)
    .send({ name: 'reader', scopes: ['webhooks:read'] })
    .expect(201);
  const reader = { Authorization: `Bearer ${keys.body.key}` };
  await request(t.app).get('/v1/webhooks').set(reader).expect(200);
  expectProblem(
    await request(t.app)
      .post('/v1/webhooks')
      .set(reader)
      .send({ url: 'http://127.0.0.1:9/x', events: ['link.created'] }),
    403,
  );
  expectProblem(await request(t.app).get('/v1/webhooks'), 401);
  expectProblem(await request(t.app).put('/v1/webhooks').set(acme.auth), 405);
});

it('limits webhooks per workspace', async () => {
  const initech = await createWorkspace(t.app, 'Initech');
  for (let i = 0; i < 3; i++) await create(initech, { url: `http://127.0.0.1:9/${i}`, events: ['link.created'] }).expect(201);
  const problem = expectProblem(await create(initech, { url: 'http://127.0.0.1:9/4', events: ['link.created'] }), 403);
  expect(problem.detail).toMatch(/WEBHOOKS_MAX_PER_WORKSPACE/);
});

describe('URLs the outbound policy refuses', () => {
  let strict: TestApp;
  let ws: TestWorkspace;
  beforeAll(async () => {
    strict = await createTestApp();
    ws = await createWorkspace(strict.app, 'Strict');
  });
  afterAll(() => strict.close());

  it.each([
    ['http://127.0.0.1:8080/hook', 'loopback'],
    ['http://localhost:8080/hook', 'resolves to an address that is not public'],
    ['http://10.1.2.3/hook', 'private'],
    ['http://169.254.169.254/latest/meta-data', 'link-local'],
    ['http://[::1]:8080/hook', 'loopback'],
    ['http://[::ffff:127.0.0.1]:8080/hook', 'loopback'],
    ['http://192.168.1.10/hook', 'private'],
    ['http://no-such-host.invalid/hook', 'does not resolve'],
  ])('refuses %s (%s) when not allow-listed', async (url, why) => {
    const problem = expectProblem(
      await request(strict.app)
        .post('/v1/webhooks')
        .set(ws.auth)
        .send({ url, events: ['link.created'] }),
      400,
    );
    expect((problem.errors as { field: string; message: string }[])[0]).toEqual({ field: 'body.url', message: expect.stringContaining(why) });
  });

  it('refuses such a URL on update too, keeping the one stored', async () => {
    const created = await request(strict.app)
      .post('/v1/webhooks')
      .set(ws.auth)
      .send({ url: 'http://93.184.216.34/hook', events: ['link.created'] })
      .expect(201);
    expectProblem(await request(strict.app).patch(`/v1/webhooks/${created.body.id}`).set(ws.auth).send({ url: 'http://[::ffff:127.0.0.1]/x' }), 400);
    expect((await request(strict.app).get(`/v1/webhooks/${created.body.id}`).set(ws.auth).expect(200)).body.url).toBe('http://93.184.216.34/hook');
  });

  it('accepts them when the allow-list permits', async () => {
    const open = await createTestApp({ OUTBOUND_ALLOW: '127.0.0.1,::1,10.0.0.0/8,169.254.169.254,::ffff:127.0.0.1' });
    try {
      const w = await createWorkspace(open.app, 'Open');
      for (const url of [
        'http://127.0.0.1:8080/hook',
        'http://10.1.2.3/hook',
        'http://169.254.169.254/x',
        'http://[::1]:8080/hook',
        'http://[::ffff:127.0.0.1]:8080/hook',
      ]) {
        await request(open.app)
          .post('/v1/webhooks')
          .set(w.auth)
          .send({ url, events: ['link.created'] })
          .expect(201);
      }
    } finally {
      await open.close();
    }
  });
});

it('the admin token is not a workspace key', async () => {
  expectProblem(await request(t.app).get('/v1/webhooks').set('Authorization', `Bearer ${ADMIN_TOKEN}`), 401);
});

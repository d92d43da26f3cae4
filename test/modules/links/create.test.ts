import request from 'supertest';
import type { Knex } from 'knex';
import { linkCreated } from '../../../src/modules/links';
import { subscription, type DeclaredSubscription } from '../../../src/shared/events';
import { createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../../support/app';
import { metricValue } from '../../support/metrics';
import { eventually } from '../../support/receiver';

/**
 * A create takes one of two paths (src/modules/links/create/): one statement
 * where nothing else has to join it, a transaction where something must —
 * here the delivery of link.created to an external subscriber ("spy", as a
 * module extracted into another deployment would be), which hears every
 * workspace. The audit trail hears every link too, unless
 * AUDIT_LINK_CHANGES=off. Each path runs the same create tests;
 * `statements` is what one create costs the links module on it.
 */
const createPaths: { path: string; env: Record<string, string>; externalSubscriptions: DeclaredSubscription[]; statements: number }[] = [
  { path: 'one statement', env: { AUDIT_LINK_CHANGES: 'off' }, externalSubscriptions: [], statements: 1 },
  {
    path: 'a transaction',
    env: {},
    externalSubscriptions: [{ module: 'spy', subscription: subscription('created', linkCreated) }],
    statements: 5,
  },
];

/** The link ids of the link.created deliveries queued for the spy (none without it). */
async function spyDeliveries(db: Knex, workspaceId: string): Promise<string[]> {
  const { rows } = await db.raw<{ rows: { payload: { events: { workspaceId: string; data: { link: { id: string } } }[] } }[] }>(
    `select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
     where t.identifier = 'spy.on.created' order by j.id`,
  );
  return rows.flatMap((row) => row.payload.events.filter((e) => e.workspaceId === workspaceId).map((e) => e.data.link.id));
}

describe.each(createPaths)('a create as $path', ({ env, externalSubscriptions, statements }) => {
  const subscribed = externalSubscriptions.length > 0;
  let t: TestApp;
  let acme: TestWorkspace;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: 'https://sho.rt', ...env }, { externalSubscriptions });
    acme = await createWorkspace(t.app);
  });
  afterAll(() => t.close());

  const create = (body: unknown, auth = acme.auth) =>
    request(t.app)
      .post('/v1/links')
      .set(auth)
      .send(body as object);
  const linkQueries = () => metricValue(t.app, 'shortline_db_query_duration_seconds_count', { module: 'links', outcome: 'ok' }, { absent: 0 });

  it(`costs the links module ${statements} statement(s)`, async () => {
    const before = await linkQueries();
    await create({ url: 'https://example.com/counted' }).expect(201);
    expect((await linkQueries()) - before).toBe(statements);
  });

  it('creates a link with a generated 7-character slug and every field in the response', async () => {
    const res = await create({ url: 'https://example.com/docs?x=1' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      slug: expect.stringMatching(/^[0-9A-Za-z]{7}$/),
      domain: null,
      shortUrl: `https://sho.rt/${res.body.slug}`,
      url: 'https://example.com/docs?x=1',
      title: null,
      tags: [],
      expiresAt: null,
      redirectType: 302,
      forwardQuery: false,
      targeting: [],
      variants: [],
      utm: null,
      socialPreview: null,
      passwordProtected: false,
      maxClicks: null,
      publicQr: true,
      importedClicks: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      preview: null,
    });
    expect(res.headers.location).toBe(`/v1/links/${res.body.id}`);
  });

  it('accepts a custom slug and every optional field', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const res = await create({
      url: 'http://example.org',
      slug: 'Launch-2030',
      title: 'Launch',
      tags: ['campaign', 'q1'],
      expiresAt,
      redirectType: 301,
      forwardQuery: true,
      publicQr: false,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      slug: 'Launch-2030',
      title: 'Launch',
      tags: ['campaign', 'q1'],
      expiresAt,
      redirectType: 301,
      forwardQuery: true,
      publicQr: false,
    });
  });

  it('treats slugs as case-insensitive: a slug differing only in case is taken (409)', async () => {
    await create({ url: 'https://example.com', slug: 'promo' }).expect(201);
    expectProblem(await create({ url: 'https://example.com', slug: 'PROMO' }), 409);
  });

  it('gives exactly one of two concurrent creates of the same slug a 201, the other a 409', async () => {
    const [a, b] = await Promise.all([create({ url: 'https://a.example', slug: 'race-me' }), create({ url: 'https://b.example', slug: 'race-me' })]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
  });

  it('keeps slugs unique across workspaces (the slug directory): creates, concurrent creates, renames, and a delete frees one', async () => {
    const globex = await createWorkspace(t.app, 'Globex');
    const ours = (await create({ url: 'https://example.com', slug: 'Shared-Name' }).expect(201)).body as { id: string };
    expectProblem(await create({ url: 'https://example.com', slug: 'shared-NAME' }, globex.auth), 409);
    const [a, b] = await Promise.all([
      create({ url: 'https://a.example', slug: 'both-want' }),
      create({ url: 'https://b.example', slug: 'both-want' }, globex.auth),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const theirs = (await create({ url: 'https://example.com', slug: 'theirs' }, globex.auth).expect(201)).body as { id: string };
    expectProblem(await request(t.app).patch(`/v1/links/${theirs.id}`).set(globex.auth).send({ slug: 'SHARED-name' }), 409);
    await request(t.app).delete(`/v1/links/${ours.id}`).set(acme.auth).expect(204);
    await request(t.app).patch(`/v1/links/${theirs.id}`).set(globex.auth).send({ slug: 'shared-name' }).expect(200);
    expect((await request(t.app).get('/shared-name').expect(302)).headers.location).toBe('https://example.com/');
    // The freed slug 'theirs' is anyone's again.
    await create({ url: 'https://example.com/ours', slug: 'theirs' }).expect(201);
  });

  it('deletes and re-creates one slug concurrently without a deadlock: each create gets 201 or 409, never 503', async () => {
    for (let round = 0; round < 10; round++) {
      const link = (await create({ url: 'https://example.com/again', slug: 'again-and-again' }).expect(201)).body as { id: string };
      const [deleted, created] = await Promise.all([
        request(t.app).delete(`/v1/links/${link.id}`).set(acme.auth),
        create({ url: 'https://example.com/again', slug: 'again-and-again' }),
      ]);
      expect(deleted.status).toBe(204);
      expect([201, 409]).toContain(created.status);
      if (created.status === 201) await request(t.app).delete(`/v1/links/${created.body.id}`).set(acme.auth).expect(204);
    }
  });

  it('generates distinct slugs under concurrency', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, () => create({ url: 'https://example.com' })));
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.body.slug)).size).toBe(30);
  });

  it('forgets an unknown slug at once when it is created here, and tells every process', async () => {
    const notices = () => metricValue(t.app, 'shortline_cache_invalidations_total', { cache: 'links:redirect', source: 'notify' }, { absent: 0 });
    await request(t.app).get('/soon-here').expect(404);
    const before = await notices();
    await create({ url: 'https://example.com/now', slug: 'soon-here' }).expect(201);
    expect((await request(t.app).get('/soon-here').expect(302)).headers.location).toBe('https://example.com/now');
    await eventually(async () => (await notices()) > before, 5000, "the create's cache notice");
  });

  it('queues one link.created delivery per subscriber with the create, none for a refused create', async () => {
    const ws = await createWorkspace(t.app, 'Initech');
    const link = (await create({ url: 'https://example.com', slug: 'heard-of' }, ws.auth).expect(201)).body as { id: string };
    expectProblem(await create({ url: 'https://example.com', slug: 'heard-of' }, ws.auth), 409);
    expect(await spyDeliveries(t.shortline.db.platform, ws.id)).toEqual(subscribed ? [link.id] : []);
  });

  describe('the per-workspace link limit', () => {
    const limitedApp = (max: string) => createTestApp({ LINKS_MAX_PER_WORKSPACE: max, ...env }, { externalSubscriptions });
    const stored = async (app: TestApp, workspaceId: string) => {
      const db = app.shortline.db.platform;
      const count = async (sql: string) => (await db.raw(sql, [workspaceId])).rows[0].n as number;
      return {
        links: await count('select count(*)::int as n from links.links where workspace_id = ?'),
        slugs: await count('select count(*)::int as n from links.slug_directory where workspace_id = ?'),
        counted: await count('select link_count as n from links.workspace_usage where workspace_id = ?'),
        deliveries: (await spyDeliveries(db, workspaceId)).length,
      };
    };

    it('refuses links beyond the limit with a 403 that says so, storing nothing, and counts deletes', async () => {
      const limited = await limitedApp('2');
      try {
        const ws = await createWorkspace(limited.app);
        const make = () => request(limited.app).post('/v1/links').set(ws.auth).send({ url: 'https://example.com' });
        const first = await make().expect(201);
        await make().expect(201);
        const problem = expectProblem(await make(), 403);
        expect(problem.detail).toMatch(/limit of 2 links/);
        expect(await stored(limited, ws.id)).toEqual({ links: 2, slugs: 2, counted: 2, deliveries: subscribed ? 2 : 0 });
        await request(limited.app).delete(`/v1/links/${first.body.id}`).set(ws.auth).expect(204);
        await make().expect(201);
        expectProblem(await make(), 403);
      } finally {
        await limited.close();
      }
    });

    it('holds under concurrent creates: exactly the limit is created, and a refused create leaves nothing behind', async () => {
      const limited = await limitedApp('5');
      try {
        const ws = await createWorkspace(limited.app);
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            request(limited.app)
              .post('/v1/links')
              .set(ws.auth)
              .send({ url: `https://example.com/${i}` }),
          ),
        );
        expect(results.filter((r) => r.status === 201)).toHaveLength(5);
        expect(results.filter((r) => r.status === 403)).toHaveLength(15);
        // One delivery of link.created per created link, none for the refused.
        expect(await stored(limited, ws.id)).toEqual({ links: 5, slugs: 5, counted: 5, deliveries: subscribed ? 5 : 0 });
      } finally {
        await limited.close();
      }
    });

    it('can be overridden per workspace, also below what it holds', async () => {
      const limited = await limitedApp('1');
      try {
        const ws = await createWorkspace(limited.app);
        const links = limited.shortline.apis.get('links');
        const make = () => request(limited.app).post('/v1/links').set(ws.auth).send({ url: 'https://example.com' });
        await links.setWorkspaceLimit(ws.id, 3);
        for (let i = 0; i < 3; i++) await make().expect(201);
        expect(expectProblem(await make(), 403).detail).toMatch(/limit of 3 links/);
        await links.setWorkspaceLimit(ws.id, 2);
        expect(expectProblem(await make(), 403).detail).toMatch(/limit of 2 links/);
        expect(await stored(limited, ws.id)).toMatchObject({ links: 3, counted: 3 });
      } finally {
        await limited.close();
      }
    });
  });
});

describe('the create path', () => {
  it('without links in the audit trail, is a transaction for a workspace with a link.created webhook, which hears of each create; one statement for the others', async () => {
    const app = await createTestApp({ OUTBOUND_ALLOW: '127.0.0.1', AUDIT_LINK_CHANGES: 'off' });
    try {
      const [hooked, plain] = [await createWorkspace(app.app, 'Hooked'), await createWorkspace(app.app, 'Plain')];
      await request(app.app)
        .post('/v1/webhooks')
        .set(hooked.auth)
        .send({ url: 'http://127.0.0.1:9/hook', events: ['link.created'] })
        .expect(201);
      const linkQueries = () => metricValue(app.app, 'shortline_db_query_duration_seconds_count', { module: 'links', outcome: 'ok' }, { absent: 0 });
      const statements = async (ws: TestWorkspace) => {
        const before = await linkQueries();
        await request(app.app).post('/v1/links').set(ws.auth).send({ url: 'https://example.com' }).expect(201);
        return (await linkQueries()) - before;
      };
      expect(await statements(plain)).toBe(1);
      expect(await statements(hooked)).toBe(createPaths[1].statements);
      const deliveries = await app.shortline.db.platform.raw(
        `select t.identifier, count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
         where t.identifier like '%-link-created' group by t.identifier`,
      );
      // The webhook's delivery; none for the audit trail.
      expect(deliveries.rows).toEqual([{ identifier: 'webhooks.on.deliver-link-created', n: 1 }]);
    } finally {
      await app.close();
    }
  });

  it('is a transaction for every workspace while the audit trail records links (the default), queuing its entry', async () => {
    const app = await createTestApp();
    try {
      const plain = await createWorkspace(app.app, 'Plain');
      const linkQueries = () => metricValue(app.app, 'shortline_db_query_duration_seconds_count', { module: 'links', outcome: 'ok' }, { absent: 0 });
      const before = await linkQueries();
      await request(app.app).post('/v1/links').set(plain.auth).send({ url: 'https://example.com' }).expect(201);
      expect((await linkQueries()) - before).toBe(createPaths[1].statements);
      const recorded = await app.shortline.db.platform.raw(
        `select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'audit.on.record-link-created'`,
      );
      expect(recorded.rows[0].n).toBe(1);
    } finally {
      await app.close();
    }
  });
});

describe('POST /v1/links input', () => {
  let t: TestApp;
  let acme: TestWorkspace;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: 'https://sho.rt' });
    acme = await createWorkspace(t.app);
  });
  afterAll(() => t.close());

  const create = (body: unknown, auth = acme.auth) =>
    request(t.app)
      .post('/v1/links')
      .set(auth)
      .send(body as object);

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['file:', 'file:///etc/passwd'],
    ['ftp:', 'ftp://example.com/file'],
    ['a relative URL', '/just/a/path'],
    ['credentials', 'https://user:secret@example.com/'],
    ['the short domain itself (a loop)', 'https://sho.rt/abc'],
    ['the short domain in another case', 'https://SHO.RT/abc'],
    ['over 2048 characters', `https://example.com/${'a'.repeat(2048)}`],
    ['a number', 42],
  ])('rejects a url with %s (400 naming body.url)', async (_case, url) => {
    const problem = expectProblem(await create({ url }), 400);
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'body.url' })]);
  });

  it.each([
    ['too short', 'ab'],
    ['too long', 'a'.repeat(65)],
    ['with a slash', 'a/b'],
    ['with a dot', 'a.b.c'],
    ['with a space', 'a b c'],
    ['starting with a dash', '-abc'],
    ['non-ASCII', 'café'],
    ['reserved (v1)', 'v1'],
    ['reserved (healthz)', 'healthz'],
    ['reserved in another case (Metrics)', 'Metrics'],
    ['reserved (docs)', 'docs'],
  ])('rejects a slug %s (400 naming body.slug)', async (_case, slug) => {
    const problem = expectProblem(await create({ url: 'https://example.com', slug }), 400);
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'body.slug' })]);
  });

  it.each([
    ['a past expiresAt', { expiresAt: '2001-01-01T00:00:00Z' }, 'body.expiresAt'],
    ['a malformed expiresAt', { expiresAt: 'tomorrow' }, 'body.expiresAt'],
    ['an unsupported redirectType', { redirectType: 303 }, 'body.redirectType'],
    ['a string redirectType', { redirectType: '301' }, 'body.redirectType'],
    ['tags that are not an array', { tags: 'a,b' }, 'body.tags'],
    ['a repeated tag', { tags: ['a', 'a'] }, 'body.tags'],
    ['more than 20 tags', { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'body.tags'],
    ['a non-boolean forwardQuery', { forwardQuery: 'yes' }, 'body.forwardQuery'],
    ['a non-boolean publicQr', { publicQr: 'no' }, 'body.publicQr'],
    ['an unknown field', { color: 'red' }, 'body'],
  ])('rejects %s', async (_case, extra, field) => {
    const problem = expectProblem(await create({ url: 'https://example.com', ...extra }), 400);
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it.each([
    ['a title', 'body.title', { title: 'Launch\u0000' }],
    ['a tag', 'body.tags.1', { tags: ['ok', 'cam\u0000paign'] }],
  ])('refuses a NUL character in %s with a 400 naming %s', async (_case, field, extra) => {
    const problem = expectProblem(await create({ url: 'https://example.com', ...extra }), 400);
    expect(problem.errors).toEqual([{ field, message: 'must not contain NUL characters' }]);
  });

  it('rejects malformed JSON, a missing body and an oversize body', async () => {
    expectProblem(await request(t.app).post('/v1/links').set(acme.auth).set('Content-Type', 'application/json').send('{"url":'), 400);
    expectProblem(await request(t.app).post('/v1/links').set(acme.auth), 400);
    expectProblem(await create({ url: 'https://example.com', title: 'x'.repeat(1_100_000) }), 413);
  });

  it('requires links:write', async () => {
    const reader = await request(t.app)
      .post('/v1/api-keys')
      .set(acme.auth)
      .send({ name: 'r', scopes: ['links:read'] });
    expectProblem(await create({ url: 'https://example.com' }, { Authorization: `Bearer ${reader.body.key}` }), 403);
    expectProblem(await request(t.app).post('/v1/links').send({ url: 'https://example.com' }), 401);
  });
});

describe('a link to this service when PUBLIC_BASE_URL is a loopback host', () => {
  let local: TestApp;
  let ws: TestWorkspace;
  beforeAll(async () => {
    local = await createTestApp({ PUBLIC_BASE_URL: 'http://localhost:3000' });
    ws = await createWorkspace(local.app);
  });
  afterAll(() => local.close());
  const createThere = (url: string) => request(local.app).post('/v1/links').set(ws.auth).send({ url });

  it.each([
    'http://127.0.0.1:3000/abc',
    'http://127.1.2.3:3000/abc',
    'http://2130706433:3000/abc',
    'http://127.0.0.1.:3000/abc',
    'http://[::1]:3000/abc',
    'http://[0:0:0:0:0:0:0:1]:3000/abc',
    'http://[::ffff:127.0.0.1]:3000/abc',
    'http://0.0.0.0:3000/abc',
    'http://[::]:3000/abc',
    'http://LOCALHOST..:3000/abc',
    'http://app.localhost:3000/abc',
    'https://127.0.0.1:3000/abc',
  ])('is refused as a loop when spelt %s (400 naming body.url)', async (url) => {
    const problem = expectProblem(await createThere(url), 400);
    expect(problem.errors).toEqual([{ field: 'body.url', message: expect.stringMatching(/loop/) }]);
  });

  it.each(['http://127.0.0.1:8080/abc', 'http://[::1]:4000/abc', 'http://0.0.0.0/abc'])(
    'is accepted at another port of the machine: %s',
    async (url) => {
      await createThere(url).expect(201);
    },
  );
});

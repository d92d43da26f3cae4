import request from 'supertest';
import { createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../../support/app';

let t: TestApp;
let acme: TestWorkspace;
let globex: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  acme = await createWorkspace(t.app, 'Acme');
  globex = await createWorkspace(t.app, 'Globex');
});
afterAll(() => t.close());

const create = (body: object, ws = acme) => request(t.app).post('/v1/links').set(ws.auth).send(body).expect(201);

describe('GET /v1/links/:id', () => {
  it('returns the link', async () => {
    const link = (await create({ url: 'https://example.com/a', title: 'A' })).body;
    expect((await request(t.app).get(`/v1/links/${link.id}`).set(acme.auth).expect(200)).body).toEqual(link);
  });

  it("answers 404 for another workspace's link, an unknown id and a malformed id", async () => {
    const theirs = (await create({ url: 'https://example.com/g' }, globex)).body;
    expectProblem(await request(t.app).get(`/v1/links/${theirs.id}`).set(acme.auth), 404);
    expectProblem(await request(t.app).get('/v1/links/00000000-0000-4000-8000-000000000000').set(acme.auth), 404);
    expectProblem(await request(t.app).get('/v1/links/nope').set(acme.auth), 404);
  });
});

describe('PATCH /v1/links/:id', () => {
  it('answers a malformed id with 404 before it looks at the body', async () => {
    const res = await request(t.app).patch('/v1/links/nope').set(acme.auth).send({ url: 42 });
    expect(expectProblem(res, 404).detail).toBe('Link nope does not exist');
  });

  it('changes the given fields, keeps the others, and moves updatedAt', async () => {
    const link = (await create({ url: 'https://example.com/old', title: 'Old', tags: ['x'] })).body;
    await new Promise((r) => setTimeout(r, 5));
    const res = await request(t.app).patch(`/v1/links/${link.id}`).set(acme.auth).send({ url: 'https://example.com/new', title: null }).expect(200);
    expect(res.body).toMatchObject({
      id: link.id,
      slug: link.slug,
      url: 'https://example.com/new',
      title: null,
      tags: ['x'],
      createdAt: link.createdAt,
    });
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThan(Date.parse(link.updatedAt));
  });

  it('changes the slug when the new one is free, and answers 409 when it is taken', async () => {
    const a = (await create({ url: 'https://example.com', slug: 'patch-a' })).body;
    await create({ url: 'https://example.com', slug: 'patch-b' });
    const moved = await request(t.app).patch(`/v1/links/${a.id}`).set(acme.auth).send({ slug: 'patch-c' }).expect(200);
    expect(moved.body.slug).toBe('patch-c');
    expectProblem(await request(t.app).patch(`/v1/links/${a.id}`).set(acme.auth).send({ slug: 'PATCH-B' }), 409);
    expect((await request(t.app).get(`/v1/links/${a.id}`).set(acme.auth)).body.slug).toBe('patch-c');
  });

  it('rejects bad input and leaves the link as it was', async () => {
    const link = (await create({ url: 'https://example.com/keep' })).body;
    for (const body of [{}, { url: 'javascript:alert(1)' }, { id: 'x' }, { redirectType: 200 }, { slug: 'v1' }, { tags: [1] }]) {
      expectProblem(await request(t.app).patch(`/v1/links/${link.id}`).set(acme.auth).send(body), 400);
    }
    expectProblem(await request(t.app).patch(`/v1/links/${link.id}`).set(acme.auth).set('Content-Type', 'application/json').send('{'), 400);
    expectProblem(
      await request(t.app)
        .patch(`/v1/links/${link.id}`)
        .set(acme.auth)
        .send({ title: 'x'.repeat(1_100_000) }),
      413,
    );
    expect((await request(t.app).get(`/v1/links/${link.id}`).set(acme.auth)).body).toEqual(link);
  });

  it("answers 404 for another workspace's link and does not change it", async () => {
    const theirs = (await create({ url: 'https://example.com/theirs' }, globex)).body;
    expectProblem(await request(t.app).patch(`/v1/links/${theirs.id}`).set(acme.auth).send({ url: 'https://evil.example' }), 404);
    expect((await request(t.app).get(`/v1/links/${theirs.id}`).set(globex.auth)).body.url).toBe('https://example.com/theirs');
  });
});

describe('DELETE /v1/links/:id', () => {
  it('deletes the link: 204, then 404', async () => {
    const link = (await create({ url: 'https://example.com' })).body;
    await request(t.app).delete(`/v1/links/${link.id}`).set(acme.auth).expect(204);
    expectProblem(await request(t.app).get(`/v1/links/${link.id}`).set(acme.auth), 404);
    expectProblem(await request(t.app).delete(`/v1/links/${link.id}`).set(acme.auth), 404);
  });

  it("answers 404 for another workspace's link and keeps it", async () => {
    const theirs = (await create({ url: 'https://example.com' }, globex)).body;
    expectProblem(await request(t.app).delete(`/v1/links/${theirs.id}`).set(acme.auth), 404);
    await request(t.app).get(`/v1/links/${theirs.id}`).set(globex.auth).expect(200);
  });
});

describe('GET /v1/links', () => {
  let fresh: TestWorkspace;
  const ids: string[] = [];
  beforeAll(async () => {
    fresh = await createWorkspace(t.app, 'Pager');
    for (let i = 0; i < 7; i++) {
      const tags = i % 2 === 0 ? ['even'] : ['odd'];
      ids.push((await create({ url: `https://example.com/page/${i}`, title: `Item ${i}`, tags, slug: `pager-${i}` }, fresh)).body.id);
    }
  });

  it('pages newest first with a cursor, without gaps or repeats, and ends with nextCursor null', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = { limit: '3', ...(cursor ? { cursor } : {}) };
      const res = await request(t.app).get('/v1/links').query(query).set(fresh.auth).expect(200);
      expect(res.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.data.map((l: { id: string }) => l.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it('returns nextCursor null when the last page is exactly full', async () => {
    const res = await request(t.app).get('/v1/links').query({ limit: '7' }).set(fresh.auth).expect(200);
    expect(res.body.data).toHaveLength(7);
    expect(res.body.nextCursor).toBeNull();
  });

  it('filters by tag and by text in url, title or slug', async () => {
    const even = await request(t.app).get('/v1/links').query({ tag: 'even' }).set(fresh.auth).expect(200);
    expect(even.body.data).toHaveLength(4);
    const byTitle = await request(t.app).get('/v1/links').query({ q: 'item 3' }).set(fresh.auth).expect(200);
    expect(byTitle.body.data.map((l: { slug: string }) => l.slug)).toEqual(['pager-3']);
    const bySlug = await request(t.app).get('/v1/links').query({ q: 'PAGER-5' }).set(fresh.auth).expect(200);
    expect(bySlug.body.data).toHaveLength(1);
    const literal = await request(t.app).get('/v1/links').query({ q: '%' }).set(fresh.auth).expect(200);
    expect(literal.body.data).toHaveLength(0);
  });

  it("never lists another workspace's links", async () => {
    const res = await request(t.app).get('/v1/links').query({ limit: '100' }).set(globex.auth).expect(200);
    expect(res.body.data.map((l: { id: string }) => l.id)).not.toEqual(expect.arrayContaining([ids[0]]));
  });

  it.each([
    [{ limit: '0' }, 'query.limit'],
    [{ limit: '101' }, 'query.limit'],
    [{ limit: 'ten' }, 'query.limit'],
    [{ cursor: 'garbage' }, 'query.cursor'],
    [{ q: '' }, 'query.q'],
    [{ sort: 'asc' }, 'query'],
    [{ q: 'item\u0000' }, 'query.q'],
    [{ tag: 'ev\u0000en' }, 'query.tag'],
  ])('rejects %j with a 400 naming %s', async (query, field) => {
    const problem = expectProblem(await request(t.app).get('/v1/links').query(query).set(fresh.auth), 400);
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });
});

describe('POST /v1/links/bulk', () => {
  it('creates the good items and reports each bad one, in request order', async () => {
    await create({ url: 'https://example.com', slug: 'bulk-taken' });
    const res = await request(t.app)
      .post('/v1/links/bulk')
      .set(acme.auth)
      .send({
        links: [
          { url: 'https://example.com/1' },
          { url: 'javascript:alert(1)' },
          { url: 'https://example.com/3', slug: 'bulk-taken' },
          { url: 'https://example.com/4', slug: 'bulk-new' },
          'not an object',
        ],
      })
      .expect(200);
    expect(res.body.created).toBe(2);
    expect(res.body.failed).toBe(3);
    expect(res.body.results.map((r: { index: number; status: number }) => [r.index, r.status])).toEqual([
      [0, 201],
      [1, 400],
      [2, 409],
      [3, 201],
      [4, 400],
    ]);
    expect(res.body.results[1].error.errors).toEqual([expect.objectContaining({ field: 'body.links.1.url' })]);
    expect(res.body.results[3].link.slug).toBe('bulk-new');
    await request(t.app).get(`/v1/links/${res.body.results[0].link.id}`).set(acme.auth).expect(200);
  });

  it('gives a slug repeated within one request (in any case) to its first item and 409 to the others', async () => {
    const res = await request(t.app)
      .post('/v1/links/bulk')
      .set(acme.auth)
      .send({
        links: [
          { url: 'https://example.com/first', slug: 'Bulk-Twice' },
          { url: 'https://example.com/other' },
          { url: 'https://example.com/second', slug: 'bulk-twice' },
        ],
      })
      .expect(200);
    expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([201, 201, 409]);
    expect(res.body.results[2].error.detail).toMatch(/"bulk-twice" is taken/);
    await request(t.app).get('/bulk-twice').expect(302).expect('Location', 'https://example.com/first');
  });

  it('accepts 1000 items and refuses 1001', async () => {
    const ws = await createWorkspace(t.app, 'Bulk');
    const items = (n: number) => Array.from({ length: n }, (_, i) => ({ url: `https://example.com/${i}` }));
    const ok = await request(t.app)
      .post('/v1/links/bulk')
      .set(ws.auth)
      .send({ links: items(1000) })
      .expect(200);
    expect(ok.body.created).toBe(1000);
    expectProblem(
      await request(t.app)
        .post('/v1/links/bulk')
        .set(ws.auth)
        .send({ links: items(1001) }),
      400,
    );
  });

  it('reports items past the plan limit as 403 and keeps the ones before', async () => {
    const limited = await createTestApp({ LINKS_MAX_PER_WORKSPACE: '2' });
    try {
      const ws = await createWorkspace(limited.app);
      const res = await request(limited.app)
        .post('/v1/links/bulk')
        .set(ws.auth)
        .send({ links: [{ url: 'https://a.example' }, { url: 'https://b.example' }, { url: 'https://c.example' }] })
        .expect(200);
      expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([201, 201, 403]);
      expect(res.body.results[2].error.detail).toMatch(/limit of 2 links/);
      // The refused item is not stored and not counted: one delete makes room for exactly one more.
      const listed = await request(limited.app).get('/v1/links').set(ws.auth).expect(200);
      expect(listed.body.data.map((l: { url: string }) => l.url).sort()).toEqual(['https://a.example/', 'https://b.example/']);
      await request(limited.app).delete(`/v1/links/${res.body.results[0].link.id}`).set(ws.auth).expect(204);
      await request(limited.app).post('/v1/links').set(ws.auth).send({ url: 'https://d.example' }).expect(201);
      expectProblem(await request(limited.app).post('/v1/links').set(ws.auth).send({ url: 'https://e.example' }), 403);
    } finally {
      await limited.close();
    }
  });

  it("reports a NUL character in an item as that item's 400 and creates the others", async () => {
    const res = await request(t.app)
      .post('/v1/links/bulk')
      .set(acme.auth)
      .send({ links: [{ url: 'https://example.com/nul-1' }, { url: 'https://example.com/nul-2', title: 'a\u0000b' }] })
      .expect(200);
    expect(res.body).toMatchObject({ created: 1, failed: 1 });
    expect(res.body.results[1]).toMatchObject({
      index: 1,
      status: 400,
      error: { errors: [{ field: 'body.links.1.title', message: 'must not contain NUL characters' }] },
    });
    await request(t.app).get(`/v1/links/${res.body.results[0].link.id}`).set(acme.auth).expect(200);
  });

  it('rejects a malformed envelope', async () => {
    expectProblem(await request(t.app).post('/v1/links/bulk').set(acme.auth).send({ links: [] }), 400);
    expectProblem(await request(t.app).post('/v1/links/bulk').set(acme.auth).send({ links: 'x' }), 400);
    expectProblem(await request(t.app).post('/v1/links/bulk').set(acme.auth).set('Content-Type', 'application/json').send('['), 400);
  });
});

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

async function createKey(auth: Record<string, string>, body: object) {
  return request(t.app).post('/v1/api-keys').set(auth).send(body);
}

describe('POST /v1/api-keys', () => {
  it('creates a key with the requested scopes and shows its secret once', async () => {
    const res = await createKey(acme.auth, { name: 'reader', scopes: ['links:read'] });
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'reader',
      prefix: res.body.key.slice(0, 11),
      scopes: ['links:read'],
      createdAt: expect.any(String),
      createdBy: null,
      key: expect.stringMatching(/^sl_/),
    });
    const listed = await request(t.app).get('/v1/api-keys').set(acme.auth).expect(200);
    const entry = listed.body.data.find((k: { id: string }) => k.id === res.body.id);
    expect(entry).toEqual({
      id: res.body.id,
      name: 'reader',
      prefix: res.body.prefix,
      scopes: ['links:read'],
      createdAt: res.body.createdAt,
      createdBy: null,
    });
  });

  it('lets the new key authenticate', async () => {
    const created = await createKey(acme.auth, { name: 'keys', scopes: ['keys:write'] });
    await request(t.app)
      .get('/v1/api-keys')
      .set({ Authorization: `Bearer ${created.body.key}` })
      .expect(200);
  });

  it('refuses to grant scopes the creating key does not hold', async () => {
    const limited = await createKey(acme.auth, { name: 'limited', scopes: ['keys:write', 'links:read'] });
    const res = await createKey({ Authorization: `Bearer ${limited.body.key}` }, { name: 'escalate', scopes: ['links:write'] });
    expect(expectProblem(res, 403).detail).toContain('links:write');
  });

  it.each([
    ['an unknown scope', { name: 'k', scopes: ['links:delete'] }, 'body.scopes.0'],
    ['no scopes', { name: 'k', scopes: [] }, 'body.scopes'],
    ['a repeated scope', { name: 'k', scopes: ['links:read', 'links:read'] }, 'body.scopes'],
    ['scopes of the wrong type', { name: 'k', scopes: 'links:read' }, 'body.scopes'],
    ['a missing name', { scopes: ['links:read'] }, 'body.name'],
    ['a numeric name', { name: 7, scopes: ['links:read'] }, 'body.name'],
    ['a NUL character in the name', { name: 'read\u0000er', scopes: ['links:read'] }, 'body.name'],
  ])('rejects %s with a 400 naming %s', async (_case, body, field) => {
    const problem = expectProblem(await createKey(acme.auth, body), 400);
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('rejects malformed JSON and oversize bodies', async () => {
    expectProblem(await request(t.app).post('/v1/api-keys').set(acme.auth).set('Content-Type', 'application/json').send('{'), 400);
    expectProblem(await createKey(acme.auth, { name: 'x'.repeat(2 * 1024 * 1024), scopes: ['links:read'] }), 413);
  });
});

describe('GET /v1/api-keys', () => {
  it("lists only the calling workspace's keys", async () => {
    const own = await createKey(globex.auth, { name: 'globex-only', scopes: ['links:read'] });
    const acmeList = await request(t.app).get('/v1/api-keys').set(acme.auth).expect(200);
    expect(acmeList.body.data.map((k: { id: string }) => k.id)).not.toContain(own.body.id);
    const globexList = await request(t.app).get('/v1/api-keys').set(globex.auth).expect(200);
    expect(globexList.body.data.map((k: { id: string }) => k.id)).toContain(own.body.id);
  });
});

describe('DELETE /v1/api-keys/:id', () => {
  it('revokes a key: it stops working at once and leaves the list', async () => {
    const victim = await createKey(acme.auth, { name: 'temp', scopes: ['keys:write'] });
    const victimAuth = { Authorization: `Bearer ${victim.body.key}` };
    await request(t.app).get('/v1/api-keys').set(victimAuth).expect(200); // now cached
    await request(t.app).delete(`/v1/api-keys/${victim.body.id}`).set(acme.auth).expect(204);
    expectProblem(await request(t.app).get('/v1/api-keys').set(victimAuth), 401);
    const listed = await request(t.app).get('/v1/api-keys').set(acme.auth).expect(200);
    expect(listed.body.data.map((k: { id: string }) => k.id)).not.toContain(victim.body.id);
  });

  it('refuses (403) to revoke a key holding scopes the calling key does not, and leaves it working', async () => {
    const narrow = await createKey(acme.auth, { name: 'narrow', scopes: ['keys:write', 'links:read'] });
    const broad = await createKey(acme.auth, { name: 'broad', scopes: ['keys:write', 'links:write'] });
    const res = await request(t.app)
      .delete(`/v1/api-keys/${broad.body.id}`)
      .set({ Authorization: `Bearer ${narrow.body.key}` });
    expect(expectProblem(res, 403).detail).toContain('links:write');
    await request(t.app)
      .get('/v1/api-keys')
      .set({ Authorization: `Bearer ${broad.body.key}` })
      .expect(200);
    const peer = await createKey(acme.auth, { name: 'peer', scopes: ['links:read'] });
    await request(t.app)
      .delete(`/v1/api-keys/${peer.body.id}`)
      .set({ Authorization: `Bearer ${narrow.body.key}` })
      .expect(204);
  });

  it('leaves the keys a revoked key made working', async () => {
    const parent = await createKey(acme.auth, { name: 'parent', scopes: ['keys:write', 'links:read'] });
    const child = await createKey({ Authorization: `Bearer ${parent.body.key}` }, { name: 'child', scopes: ['links:read'] });
    await request(t.app).delete(`/v1/api-keys/${parent.body.id}`).set(acme.auth).expect(204);
    await request(t.app)
      .get('/v1/links')
      .set({ Authorization: `Bearer ${child.body.key}` })
      .expect(200);
  });

  it("answers 404 for another workspace's key and leaves it working", async () => {
    const theirs = await createKey(globex.auth, { name: 'theirs', scopes: ['keys:write'] });
    expectProblem(await request(t.app).delete(`/v1/api-keys/${theirs.body.id}`).set(acme.auth), 404);
    await request(t.app)
      .get('/v1/api-keys')
      .set({ Authorization: `Bearer ${theirs.body.key}` })
      .expect(200);
  });

  it('answers 404 for unknown, malformed and already revoked ids', async () => {
    expectProblem(await request(t.app).delete('/v1/api-keys/00000000-0000-4000-8000-000000000000').set(acme.auth), 404);
    expectProblem(await request(t.app).delete('/v1/api-keys/not-a-uuid').set(acme.auth), 404);
    const once = await createKey(acme.auth, { name: 'once', scopes: ['links:read'] });
    await request(t.app).delete(`/v1/api-keys/${once.body.id}`).set(acme.auth).expect(204);
    expectProblem(await request(t.app).delete(`/v1/api-keys/${once.body.id}`).set(acme.auth), 404);
  });
});

describe('authentication', () => {
  it('answers 401 with WWW-Authenticate for a missing, malformed, unknown or non-bearer key', async () => {
    for (const header of [undefined, 'Bearer', 'Bearer not-a-key', 'Bearer sl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', `Basic ${acme.key}`]) {
      const req = request(t.app).get('/v1/api-keys');
      const res = header === undefined ? await req : await req.set('Authorization', header);
      expectProblem(res, 401);
      expect(res.headers['www-authenticate']).toContain('Bearer');
    }
  });

  it('answers 403 naming the scope when the key lacks it', async () => {
    const reader = await createKey(acme.auth, { name: 'reader', scopes: ['links:read'] });
    const res = await request(t.app)
      .get('/v1/api-keys')
      .set({ Authorization: `Bearer ${reader.body.key}` });
    expect(expectProblem(res, 403).detail).toContain('keys:write');
  });

  it('counts rejected authentications in /metrics', async () => {
    await request(t.app).get('/v1/api-keys').set('Authorization', 'Bearer nope');
    const metrics = await request(t.app).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/shortline_auth_failures_total\{reason="invalid"\} [1-9]/);
  });
});

import { SCOPES } from '../../../src/modules/identity/scopes';
import request from 'supertest';
import { ADMIN_TOKEN, createTestApp, createWorkspace, expectProblem, type TestApp } from '../../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

describe('POST /v1/workspaces (admin bootstrap)', () => {
  it('creates a workspace and returns its bootstrap key with every scope, once', async () => {
    const res = await request(t.app).post('/v1/workspaces').set(admin).send({ name: 'Acme' }).expect(201);
    expect(res.body.workspace).toEqual({ id: expect.any(String), name: 'Acme', createdAt: expect.any(String) });
    expect(res.body.apiKey).toMatchObject({
      name: 'bootstrap',
      prefix: res.body.apiKey.key.slice(0, 11),
      scopes: [...SCOPES],
    });
    expect(res.body.apiKey.key).toMatch(/^sl_[A-Za-z0-9_-]{32}$/);
    // The one answer that carries the key: no cache may keep it.
    expect(res.headers['cache-control']).toBe('no-store');

    const listed = await request(t.app)
      .get('/v1/api-keys')
      .set({ Authorization: `Bearer ${res.body.apiKey.key}` })
      .expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(res.body.apiKey.key);
  });

  it('rejects a missing or wrong admin token with 401', async () => {
    expectProblem(await request(t.app).post('/v1/workspaces').send({ name: 'Acme' }), 401);
    expectProblem(await request(t.app).post('/v1/workspaces').set({ Authorization: 'Bearer wrong-token-wrong-token' }).send({ name: 'Acme' }), 401);
  });

  it('does not accept an API key in place of the admin token', async () => {
    const ws = await createWorkspace(t.app);
    expectProblem(await request(t.app).post('/v1/workspaces').set(ws.auth).send({ name: 'Other' }), 401);
  });

  it.each([
    ['a missing name', {}],
    ['an empty name', { name: '   ' }],
    ['a name of the wrong type', { name: 42 }],
    ['a name over 100 characters', { name: 'x'.repeat(101) }],
    ['a name with a NUL character', { name: 'Ac\u0000me' }],
    ['an unknown field', { name: 'Acme', plan: 'gold' }],
    ['an array body', [{ name: 'Acme' }]],
  ])('rejects %s with a 400 naming the field', async (_case, body) => {
    const problem = expectProblem(
      await request(t.app)
        .post('/v1/workspaces')
        .set(admin)
        .send(body as object),
      400,
    );
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: expect.stringMatching(/^body/) })]));
  });

  it('rejects malformed JSON with 400', async () => {
    const res = await request(t.app).post('/v1/workspaces').set(admin).set('Content-Type', 'application/json').send('{"name":');
    expectProblem(res, 400);
  });

  it('rejects a body that is not JSON with 415', async () => {
    const res = await request(t.app).post('/v1/workspaces').set(admin).set('Content-Type', 'text/plain').send('name=Acme');
    expectProblem(res, 415);
  });

  it('rejects an oversize body with 413', async () => {
    const res = await request(t.app)
      .post('/v1/workspaces')
      .set(admin)
      .send({ name: 'x'.repeat(1024 * 1024 + 1) });
    expectProblem(res, 413);
  });

  it('is disabled, with a 404 that says how to enable it, when no ADMIN_TOKEN is configured', async () => {
    const noAdmin = await createTestApp({ ADMIN_TOKEN: '' });
    try {
      const problem = expectProblem(await request(noAdmin.app).post('/v1/workspaces').set(admin).send({ name: 'Acme' }), 404);
      expect(problem.detail).toContain('ADMIN_TOKEN');
    } finally {
      await noAdmin.close();
    }
  });
});

describe('GET /v1/workspace', () => {
  it('returns the workspace of the calling key', async () => {
    const ws = await createWorkspace(t.app, 'Globex');
    const res = await request(t.app).get('/v1/workspace').set(ws.auth).expect(200);
    expect(res.body).toEqual({ id: ws.id, name: 'Globex', createdAt: expect.any(String) });
  });

  it('needs a key', async () => {
    expectProblem(await request(t.app).get('/v1/workspace'), 401);
  });
});

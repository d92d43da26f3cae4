import request from 'supertest';
import { createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../support/app';

/** Defects the API fuzzer (fuzz.test.ts) found, each pinned by the request that showed it. */
const INTERNAL_TOKEN = 'fuzz-regressions-internal-token-0123';
let t: TestApp;
let acme: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp({ INTERNAL_TOKEN });
  acme = await createWorkspace(t.app);
});
afterAll(() => t.close());

it('answers a path id with a broken percent-encoding with a 404 problem, not a 500', async () => {
  for (const path of ['/v1/links/%', '/v1/links/%zz', '/v1/webhooks/%E0%A4%A']) {
    const problem = expectProblem(await request(t.app).patch(path).set(acme.auth).send({ title: 'x' }), 404);
    expect(problem.detail).toMatch(/broken percent-encoding/);
  }
  expectProblem(await request(t.app).get('/%'), 404);
});

it('refuses half a surrogate pair in text with a 400 naming the field, not a 500 from the JSON column', async () => {
  const link = await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/surrogate' }).expect(201);
  for (const title of ['\ud800', 'a\udc00b']) {
    const problem = expectProblem(await request(t.app).patch(`/v1/links/${link.body.id}`).set(acme.auth).send({ socialPreview: { title } }), 400);
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'body.socialPreview.title' })]);
  }
  await request(t.app)
    .patch(`/v1/links/${link.body.id}`)
    .set(acme.auth)
    .send({ socialPreview: { title: 'a 😀 pair' } })
    .expect(200);
});

describe('a click batch over /internal/analytics/clicks', () => {
  const post = (click: object) =>
    request(t.app)
      .post('/internal/analytics/clicks')
      .set('Authorization', `Bearer ${INTERNAL_TOKEN}`)
      .send({ clicks: [{ linkId: '00000000-0000-4000-8000-000000000000', workspaceId: acme.id, ...click }] });

  it('is refused with a 400 problem when a click is timed on the last day of year 9999 or later, not a 500', async () => {
    for (const at of [253402214400000, 2 ** 53 - 1]) expectProblem(await post({ at }), 400);
  });

  it('is taken when a click carries NUL characters', async () => {
    await post({ at: Date.now(), referrer: 'https://a\u0000b.example/', userAgent: 'x\u0000y', country: 'D\u0000E', variant: 'a\u0000' }).expect(204);
  });
});

it('documents as uniqueItems the lists whose items a request must not repeat', async () => {
  const document = (await request(t.app).get('/openapi.json').expect(200)).body;
  const body = (path: string, method: string) => document.paths[path][method].requestBody.content['application/json'].schema;
  expect(body('/v1/webhooks', 'post').properties.events.uniqueItems).toBe(true);
  expect(body('/v1/webhooks/{id}', 'patch').properties.events.uniqueItems).toBe(true);
  expect(body('/v1/api-keys', 'post').properties.scopes.uniqueItems).toBe(true);
  expect(body('/v1/links/{id}', 'patch').properties.tags.uniqueItems).toBe(true);
  expect(document.components.schemas.CreateLink.properties.tags.uniqueItems).toBe(true);
  // And it is what the service does.
  const res = await request(t.app)
    .post('/v1/webhooks')
    .set(acme.auth)
    .send({ url: 'https://example.com/hook', events: ['link.created', 'link.created'] });
  expect(expectProblem(res, 400).detail).toMatch(/must not repeat an event/);
});

it('refuses a query number written other than in decimal digits (0x10, 1e2, a blank) with a 400 problem, and takes plain digits', async () => {
  for (const limit of ['0x10', '1e2', '%201', '', '1.5', 'Infinity']) {
    const problem = expectProblem(await request(t.app).get(`/v1/links?limit=${limit}`).set(acme.auth), 400);
    expect(problem.detail).toMatch(/query\.limit/);
  }
  expect((await request(t.app).get('/v1/links?limit=16').set(acme.auth).expect(200)).body.data).toEqual(expect.any(Array));
});

it('answers a form with too many fields with a 413 problem, not a 500', async () => {
  const link = (
    await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/locked', password: 'open sesame' }).expect(201)
  ).body;
  const fields = Array.from({ length: 25 }, (_, i) => `f${i}=x`).join('&');
  const res = await request(t.app).post(`/${link.slug}/unlock`).type('form').set('Accept', 'application/json').send(`password=x&csrf=y&${fields}`);
  expect(expectProblem(res, 413).detail).toMatch(/more fields/);
});

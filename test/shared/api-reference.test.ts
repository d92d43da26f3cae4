import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app';

/** GET /openapi.json and GET /docs: the API described, and browsable without leaving the server. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('serves the OpenAPI 3.1 document of the running build', async () => {
  const res = await request(t.app).get('/openapi.json').expect(200);
  expect(res.body.openapi).toBe('3.1.0');
  expect(res.body.paths['/v1/webhooks/{id}'].patch.security).toEqual([{ apiKey: ['webhooks:write'] }, { session: ['webhooks:write'] }]);
  expect(res.body.components.schemas.Problem.properties.type).toBeDefined();
});

it("describes what a module serves outside its router: the redirect and a custom domain's root, for GET and HEAD", async () => {
  const res = await request(t.app).get('/openapi.json').expect(200);
  const redirect = res.body.paths['/{slug}'];
  expect(Object.keys(redirect).sort()).toEqual(['get', 'head']);
  // 200: a link rule's page (the password form, a crawler's preview); 401: the password, asked for as JSON; 429: unknown slugs.
  expect(Object.keys(redirect.get.responses)).toEqual(['200', '301', '302', '307', '308', '401', '404', '410', '429', '503']);
  expect(Object.keys(redirect.head.responses['410'].content)).toEqual(['application/problem+json', 'text/html']);
  expect(redirect.get.security).toEqual([]);
  const root = res.body.paths['/'];
  expect(Object.keys(root).sort()).toEqual(['get', 'head']);
  expect(Object.keys(root.get.responses)).toEqual(['302', '404', '503']);
});

it('serves a browsable reference whose page runs only scripts served here', async () => {
  const page = await request(t.app).get('/docs').expect(200);
  expect(page.headers['content-type']).toMatch(/^text\/html/);
  expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  const scripts = [...page.text.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
  expect(scripts).toEqual(['/docs/assets/swagger-ui-bundle.js', '/docs/assets/init.js']);
  for (const src of scripts) {
    const script = await request(t.app).get(src).expect(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
  }
  const init = await request(t.app).get('/docs/assets/init.js');
  expect(init.text).toContain("url: '/openapi.json'");
  await request(t.app).get('/docs/assets/swagger-ui.css').expect(200).expect('Content-Type', /css/);
  await request(t.app).get('/docs/assets/package.json').expect(404);
});

import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app';

/**
 * The OpenAPI document against Express's own route table: every route the app
 * serves is documented, and every documented operation is served, by a route
 * or by what the document names in `x-served-by` (the redirect, answered
 * before any route). Built with every module and every optional route.
 */
let t: TestApp;
let served: string[];
let documented: { operation: string; servedBy?: string }[];
beforeAll(async () => {
  t = await createTestApp({ INTERNAL_TOKEN: 'test-internal-token-0123456789' });
  served = routesOf((t.app as unknown as { router: RouterLike }).router);
  const document = (await request(t.app).get('/openapi.json').expect(200)).body as {
    paths: Record<string, Record<string, { 'x-served-by'?: string }>>;
  };
  documented = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({ operation: `${method.toUpperCase()} ${path}`, servedBy: operation['x-served-by'] })),
  );
});
afterAll(() => t.close());

it('documents every route the app serves', () => {
  const known = new Set(documented.map((d) => d.operation));
  expect(served.filter((operation) => !known.has(operation))).toEqual([]);
});

it('serves every documented operation, by a route or by what its x-served-by names', () => {
  const routes = new Set(served);
  expect(documented.filter((d) => !routes.has(d.operation) && d.servedBy === undefined).map((d) => d.operation)).toEqual([]);
});

it('finds the routes it walks', () => {
  expect(served).toEqual(expect.arrayContaining(['GET /healthz', 'GET /openapi.json', 'PATCH /v1/webhooks/{id}']));
});

interface RouterLike {
  stack: { route?: { path: string; methods: Record<string, boolean> }; handle: Partial<RouterLike>; slash: boolean }[];
}

/** `METHOD /path` of every route, nested routers included, in the document's notation. */
function routesOf(router: RouterLike): string[] {
  return router.stack.flatMap((layer) => {
    if (layer.route) {
      const path = layer.route.path.replace(/:(\w+)/g, '{$1}');
      // `_all` is route()'s 405 for the other methods; HEAD comes with GET.
      return Object.keys(layer.route.methods)
        .filter((method) => method !== '_all')
        .map((method) => `${method.toUpperCase()} ${path}`);
    }
    if (!layer.handle.stack) return [];
    if (!layer.slash) throw new Error('A router is mounted under a path: the walker only knows routers mounted at /');
    return routesOf(layer.handle as RouterLike);
  });
}

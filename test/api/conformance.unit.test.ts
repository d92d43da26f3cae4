import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import { NotFound } from '../../src/shared/errors';
import { createHttpApp } from '../../src/shared/http/app';
import { operation } from '../../src/shared/http/operation';
import { operationsOf, route, type DocumentedOperation } from '../../src/shared/http/route';
import { createLogger } from '../../src/shared/logging';
import { createMetrics } from '../../src/shared/metrics';
import { checkResponses, type OpenApiDocument, type Violation } from '../support/conformance';

/**
 * The check every integration test's responses go through (test/support/conformance.ts)
 * reports what differs from the document, so that passing means something.
 */
const thing = z.object({ id: z.string(), name: z.string() }).meta({ id: 'Thing' });
const router = express.Router();
route(router, '/things/:id', {
  get: operation({ tag: 'things', summary: 'Get a thing', responses: { 200: { description: 'The thing', schema: thing } } }, (_input, req, res) => {
    const id = String(req.params.id);
    if (id === 'missing') throw new NotFound('No such thing');
    if (id === 'nameless') return void res.json({ id });
    if (id === 'teapot') return void res.status(418).json({ id, name: 'teapot' });
    if (id === 'text') return void res.type('text').send('a thing');
    res.json({ id, name: 'a thing' });
  }),
});
// An image in the format the client asks for: SVG (a string) or PNG (bytes no schema describes).
route(router, '/pictures/:format', {
  get: operation(
    {
      tag: 'things',
      summary: 'Get a picture',
      responses: { 200: { description: 'A picture', media: { 'image/svg+xml': z.string(), 'image/png': null } } },
    },
    (_input, req, res) => void res.type(`image/${String(req.params.format)}`).send(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00])),
  ),
});
route(router, '/undocumented', { get: (_req, res) => void res.json({}) });
// Middleware, not a route: no operation answers.
router.use('/broken', (_req, res) => void res.status(500).type('application/problem+json').send('{"title":"Broken","status":500}'));

// The redirect's shape: documented outside the router, answered by a fast path (cached) or a hot path (the rest).
const go: DocumentedOperation = {
  ...operation(
    { tag: 'things', summary: 'Go', servedBy: 'a fast path and a hot path', responses: { 302: { description: 'To the target' } } },
    () => undefined,
  ),
  method: 'get',
  path: '/go/:slug',
};

const app = createHttpApp({
  logger: createLogger({ level: 'silent', format: 'json' }),
  metrics: createMetrics(),
  bodyLimit: '1kb',
  accessLog: false,
  metricsToken: undefined,
  checkReadiness: async () => ({ ready: true }),
  routers: [router],
  operations: [...operationsOf(router), go],
  fastPaths: [
    (req, res, lane) => {
      if (req.url !== '/go/cached' && req.url !== '/elsewhere') return false;
      lane.begin(req, res, '/go/:slug');
      res.writeHead(302, { Location: 'https://example.com/' }).end();
      return true;
    },
  ],
  hotPaths: [
    (req, res, next) => {
      if (!req.path.startsWith('/go/')) return next();
      res.locals.route = '/go/:slug';
      if (req.path === '/go/uncached') return void res.status(302).location('https://example.com/').end();
      res.status(302).json({ to: 'https://example.com/' });
    },
  ],
});

let document: OpenApiDocument;
let violations: Violation[];
beforeAll(async () => {
  document = (await request(app).get('/openapi.json').expect(200)).body as OpenApiDocument;
  checkResponses(app, document, (violations = []));
});

/** What the check reported for the requests `send` makes. */
async function reported(send: () => Promise<unknown>): Promise<Omit<Violation, 'request' | 'count'>[]> {
  violations.length = 0;
  await send();
  return violations.map(({ operation, status, problem }) => ({ operation, status, problem }));
}

it('passes a response the document describes, and the problems it declares', async () => {
  expect(await reported(() => request(app).get('/things/1').expect(200))).toEqual([]);
  expect(await reported(() => request(app).get('/things/missing').expect(404))).toEqual([]);
  expect(await reported(() => request(app).head('/things/1').expect(200))).toEqual([]);
});

it('reports a body its schema refuses, with the schema errors', async () => {
  expect(await reported(() => request(app).get('/things/nameless').expect(200))).toEqual([
    { operation: 'GET /things/{id}', status: 200, problem: "body must have required property 'name'" },
  ]);
});

it('reports a status the operation does not document, and a content type it does not', async () => {
  expect(await reported(() => request(app).get('/things/teapot').expect(418))).toEqual([
    { operation: 'GET /things/{id}', status: 418, problem: expect.stringMatching(/^status 418 is not documented \(it documents 200, 404, 503\)$/) },
  ]);
  expect(await reported(() => request(app).get('/things/text').expect(200))).toEqual([
    { operation: 'GET /things/{id}', status: 200, problem: 'Content-Type text/plain is not documented (it documents application/json)' },
  ]);
});

it('passes a body in any media type an operation documents, and reports another', async () => {
  expect(await reported(() => request(app).get('/pictures/png').expect(200))).toEqual([]);
  expect(await reported(() => request(app).get('/pictures/svg+xml').expect(200))).toEqual([]);
  expect(await reported(() => request(app).get('/pictures/gif').expect(200))).toEqual([
    { operation: 'GET /pictures/{format}', status: 200, problem: 'Content-Type image/gif is not documented (it documents image/svg+xml, image/png)' },
  ]);
});

it('reports a route that is not in the document', async () => {
  expect(await reported(() => request(app).get('/undocumented').expect(200))).toEqual([
    { operation: 'GET /undocumented', status: 200, problem: 'the operation is not in the document' },
  ]);
});

it('checks what no operation answered against the Problem schema', async () => {
  expect(await reported(() => request(app).get('/nowhere').expect(404))).toEqual([]);
  expect(await reported(() => request(app).put('/things/1').expect(405))).toEqual([]);
  expect(await reported(() => request(app).get('/broken').expect(500))).toEqual([
    { operation: 'GET (no operation)', status: 500, problem: expect.stringContaining("body must have required property 'type'") },
  ]);
});

it('matches what answers outside the routes to the operation marked x-served-by', async () => {
  expect((document.paths['/go/{slug}'].get as unknown as Record<string, unknown>)['x-served-by']).toBe('a fast path and a hot path');
  expect(await reported(() => request(app).get('/go/cached').expect(302))).toEqual([]);
  expect(await reported(() => request(app).get('/go/uncached').expect(302))).toEqual([]);
  expect(await reported(() => request(app).get('/go/with-a-body').expect(302))).toEqual([
    { operation: 'GET /go/{slug}', status: 302, problem: 'a body (application/json) where the document says none' },
  ]);
  expect(await reported(() => request(app).get('/elsewhere').expect(302))).toEqual([
    { operation: 'GET (fast path)', status: 302, problem: 'no operation marked x-served-by has this path' },
  ]);
});

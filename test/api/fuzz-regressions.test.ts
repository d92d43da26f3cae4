import request from 'supertest';
import { createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../support/app';

/** Defects the API fuzzer (fuzz.test.ts) found, each pinned by the request that showed it. */
let t: TestApp;
let acme: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
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

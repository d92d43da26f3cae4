import request from 'supertest';
import { selectModules } from '../../src/app/registry';
import { createTestApp, createWorkspace, expectProblem } from '../support/app';
import { eventually, startReceiver } from '../support/receiver';

describe('MODULES (enabling a subset of modules)', () => {
  it('enables every registered module when unset', () => {
    expect(selectModules(undefined).map((definition) => definition.name)).toContain('identity');
  });

  it('rejects unknown module names', () => {
    expect(() => selectModules(['identity', 'billing'])).toThrow(/unknown modules: billing/);
  });

  it('refuses a module whose dependsOn is not enabled, unless CORE_URL provides it remotely', () => {
    expect(() => selectModules(['links'])).toThrow(/MODULES enables "links" without its dependencies: identity, domains$/);
    expect(() => selectModules(['links'], 'http://core:3000')).toThrow(/without its dependencies: identity/);
    expect(() => selectModules(['analytics'])).toThrow(/without its dependencies: identity, links \(or set CORE_URL/);
    expect(selectModules(['analytics'], 'http://core:3000').map((definition) => definition.name)).toEqual(['analytics']);
  });

  it('refuses ANALYTICS_URL in a process that runs analytics, and CORE_URL in one that runs identity and links', async () => {
    const token = { INTERNAL_TOKEN: 'internal-token-0123456789' };
    await expect(createTestApp({ ...token, ANALYTICS_URL: 'http://127.0.0.1:9' })).rejects.toThrow(
      /ANALYTICS_URL is for a process that does not run analytics/,
    );
    await expect(createTestApp({ ...token, CORE_URL: 'http://127.0.0.1:9' })).rejects.toThrow(
      /CORE_URL is for a process that runs analytics without identity and links/,
    );
  });

  it('runs webhooks without analytics (eventsFrom needs no module in the process): link events are delivered', async () => {
    const t = await createTestApp({
      MODULES: 'identity,domains,links,webhooks',
      WORKER: 'inline',
      WORKER_POLL_INTERVAL_MS: '100',
      OUTBOUND_ALLOW: '127.0.0.1',
    });
    const receiver = await startReceiver();
    try {
      const ws = await createWorkspace(t.app);
      await request(t.app)
        .post('/v1/webhooks')
        .set(ws.auth)
        .send({ url: receiver.url, events: ['link.created'] })
        .expect(201);
      const link = await request(t.app).post('/v1/links').set(ws.auth).send({ url: 'https://example.com/split' }).expect(201);
      await eventually(() => receiver.received.some((r) => r.body.includes(link.body.id)), 10_000, 'the link.created delivery');
      // Redirects still work; the stats routes are not there.
      await request(t.app).get(`/${link.body.slug}`).expect(302);
      await request(t.app).get('/v1/stats').set(ws.auth).expect(404);
    } finally {
      await receiver.close();
      await t.close();
    }
  });

  it('serves only the enabled modules', async () => {
    const t = await createTestApp({ MODULES: 'identity' });
    try {
      const ws = await createWorkspace(t.app);
      await request(t.app).get('/v1/workspace').set(ws.auth).expect(200);
      // With the same key, the other modules' routes and the redirect do not exist.
      for (const path of ['/v1/links', '/v1/stats', '/v1/webhooks', '/some-slug']) {
        const problem = expectProblem(await request(t.app).get(path).set(ws.auth).set('Accept', 'application/json'), 404);
        expect(problem.detail).toBe(`No route for GET ${path}`);
      }
    } finally {
      await t.close();
    }
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import request from 'supertest';
import { freePort } from '../../src/shared/db/embedded';
import { createTestApp, createWorkspace, expectProblem, type TestApp } from '../support/app';
import { metricValue } from '../support/metrics';

/**
 * The Redis store, against a real redis-server started for this file on a
 * free port of 127.0.0.1 (the Debian package redis-server; .ci/run installs it).
 */

let redis: ChildProcess;
let url: string;

beforeAll(async () => {
  const port = await freePort();
  url = `redis://127.0.0.1:${port}`;
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await untilAnswering(url);
});

/** Waits for the server to take connections (it starts in a few milliseconds). */
async function untilAnswering(redisUrl: string): Promise<void> {
  for (let tries = 0; ; tries++) {
    const client = new Redis(redisUrl, { lazyConnect: true, retryStrategy: () => null });
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (error) {
      if (tries >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      client.disconnect();
    }
  }
}

afterAll(async () => {
  if (redis.exitCode === null) {
    redis.kill();
    await once(redis, 'exit');
  }
});

describe('with REDIS_URL', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const env = { RATE_LIMITS: 'on', REDIS_URL: url, RATE_LIMIT_UNKNOWN_SLUGS: '3/1m' };
    a = await createTestApp(env);
    b = await createTestApp(env);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('counts in Redis, shared by apps that share no database', async () => {
    for (const [i, app] of [a.app, b.app, a.app].entries()) {
      const res = await request(app).get(`/nowhere-${i}`).set('Accept', 'application/json');
      expectProblem(res, 404);
      // Counted from the first request on: start() waited for Redis.
      expect(res.headers.ratelimit).toMatch(new RegExp(`^"unknown-slugs";r=${2 - i};t=\\d+$`));
    }
    const refused = await request(b.app).get('/nowhere-3').set('Accept', 'application/json');
    expectProblem(refused, 429);
    expect(refused.headers['ratelimit-policy']).toBe('"unknown-slugs";q=3;w=60');
    expect(refused.headers.ratelimit).toBe(`"unknown-slugs";r=0;t=${refused.headers['retry-after']}`);
    // Nothing was counted in PostgreSQL.
    expect(await a.shortline.db.platform('platform.rate_limits').count({ n: '*' })).toEqual([{ n: '0' }]);
  });

  it('lets requests through, without rate-limit fields and counted as store errors, while Redis is down', async () => {
    const acme = await createWorkspace(a.app);
    await request(a.app).get('/v1/links').set(acme.auth).expect(200);
    redis.kill();
    await once(redis, 'exit');
    for (let i = 0; i < 3; i++) {
      const res = await request(a.app).get('/v1/links').set(acme.auth).expect(200);
      expect(res.headers.ratelimit).toBeUndefined();
    }
    expect(await metricValue(a.app, 'shortline_rate_limit_store_errors_total', { limit: 'api-key' })).toBe(3);
  });
});

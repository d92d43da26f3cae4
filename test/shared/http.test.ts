import { Writable } from 'node:stream';
import zlib from 'node:zlib';
import express from 'express';
import request from 'supertest';
import { createHttpApp } from '../../src/shared/http/app';
import { Conflict } from '../../src/shared/errors';
import { route } from '../../src/shared/http/route';
import { createLogger } from '../../src/shared/logging';
import { createMetrics } from '../../src/shared/metrics';
import { createTestApp, expectProblem, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ METRICS_TOKEN: '' });
});
afterAll(() => t.close());

describe('platform endpoints', () => {
  it('GET /healthz answers while the process is alive', async () => {
    expect((await request(t.app).get('/healthz').expect(200)).body).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 when the database is reachable and migrated', async () => {
    expect((await request(t.app).get('/readyz').expect(200)).body).toEqual({ status: 'ready' });
  });

  it('GET /metrics exposes request, database, pool, event-loop and memory metrics in Prometheus format', async () => {
    await request(t.app).get('/healthz');
    await request(t.app).get('/v1/workspace').set('Authorization', 'Bearer sl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const res = await request(t.app).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/shortline_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(res.text).toContain('shortline_http_requests_in_flight');
    expect(res.text).toMatch(/shortline_db_query_duration_seconds_count\{module="identity",outcome="ok"\} [1-9]/);
    expect(res.text).toMatch(/shortline_db_pool_connections\{state="idle"\} \d+/);
    expect(res.text).toContain('shortline_nodejs_eventloop_lag_seconds');
    expect(res.text).toContain('shortline_process_resident_memory_bytes');
  });
});

describe('GET /metrics with METRICS_TOKEN set', () => {
  it('requires the token', async () => {
    const guarded = await createTestApp({ METRICS_TOKEN: 'metrics-token-0123456789' });
    try {
      expectProblem(await request(guarded.app).get('/metrics'), 401);
      expectProblem(await request(guarded.app).get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789'), 401);
      await request(guarded.app).get('/metrics').set('Authorization', 'Bearer metrics-token-0123456789').expect(200);
    } finally {
      await guarded.close();
    }
  });
});

describe('GET /readyz when the database is gone', () => {
  it('answers 503 problem', async () => {
    const doomed = await createTestApp({ DB_CONNECT_TIMEOUT_MS: '500' });
    await doomed.database.drop();
    const res = await request(doomed.app).get('/readyz');
    expect(expectProblem(res, 503).detail).toMatch(/database/i);
    await doomed.shortline.stop();
  });
});

describe('errors as RFC 9457 problems', () => {
  it('answers an unknown route with 404', async () => {
    const problem = expectProblem(await request(t.app).get('/v1/nothing-here'), 404);
    expect(problem).toMatchObject({ type: 'urn:shortline:problem:not-found', instance: '/v1/nothing-here' });
  });

  it('answers a wrong method with 405 and an Allow header', async () => {
    const res = await request(t.app).delete('/healthz');
    expectProblem(res, 405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('keeps a sane incoming X-Request-Id and replaces an unsafe one', async () => {
    const kept = await request(t.app).get('/healthz').set('X-Request-Id', 'trace-abc.123');
    expect(kept.headers['x-request-id']).toBe('trace-abc.123');
    const replaced = await request(t.app).get('/healthz').set('X-Request-Id', 'bad id\twith spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets security headers', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('the HTTP app factory', () => {
  const lines: string[] = [];
  const logger = createLogger({
    level: 'info',
    format: 'json',
    output: new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(
          ...chunk
            .toString()
            .split('\n')
            .filter((line) => line !== ''),
        );
        done();
      },
    }),
  });
  // Log lines are written in batches, once per event-loop turn.
  const flushed = () => new Promise((resolve) => setTimeout(resolve, 20));
  const router = express.Router();
  route(router, '/boom', {
    get: () => {
      throw new Error('secret internal detail');
    },
  });
  route(router, '/conflict', {
    post: () => {
      throw new Conflict('That name is taken');
    },
  });
  route(router, '/disk-full', {
    // What pg rejects an INSERT with when PostgreSQL cannot extend a table file.
    post: () => {
      throw Object.assign(new Error('could not extend file "base/16384/16385": No space left on device'), { code: '53100', severity: 'ERROR' });
    },
  });
  route(router, '/log', {
    get: (_req, res) => {
      logger.info('inside the handler');
      res.json({});
    },
  });
  const app = createHttpApp({
    logger,
    metrics: createMetrics(),
    bodyLimit: '1kb',
    accessLog: true,
    metricsToken: undefined,
    checkReadiness: async () => ({ ready: true }),
    routers: [router],
  });

  it('turns an unexpected error into a generic 500 and logs the stack, not the client', async () => {
    const res = await request(app).get('/boom');
    const problem = expectProblem(res, 500);
    await flushed();
    expect(JSON.stringify(problem)).not.toContain('secret internal detail');
    expect(lines.join('')).toContain('secret internal detail');
    expect(lines.join('')).toContain('"stack"');
  });

  it("answers a write refused by a full database disk with 503 and Retry-After, not a 500 (the chaos suite's full-disk fault found it)", async () => {
    const res = await request(app).post('/disk-full');
    expectProblem(res, 503);
    expect(res.headers['retry-after']).toBe('5');
  });

  it('maps typed service errors to their status', async () => {
    expect(expectProblem(await request(app).post('/conflict'), 409).detail).toBe('That name is taken');
  });

  it('honours the configured body limit', async () => {
    expectProblem(
      await request(app)
        .post('/conflict')
        .send({ x: 'y'.repeat(2000) }),
      413,
    );
  });

  it('answers a corrupt or truncated compressed body with a 400 on any path, before authentication, and logs no error', async () => {
    const json = Buffer.from(JSON.stringify({ url: 'https://example.com' }));
    const bodies: [string, Buffer][] = [
      ['gzip', Buffer.from('not gzip at all')],
      ['gzip', zlib.gzipSync(json).subarray(0, 20)],
      ['deflate', zlib.deflateSync(json).subarray(0, 10)],
      ['br', Buffer.from('not brotli at all, not at all')],
    ];
    const send = (target: express.Express, path: string, [encoding, body]: [string, Buffer]) =>
      request(target)
        .post(path)
        .type('application/json')
        .set('Content-Encoding', encoding)
        // The bytes as they are: superagent would JSON-encode a Buffer.
        .serialize((raw) => raw)
        .send(body);
    lines.length = 0;
    for (const body of bodies) {
      for (const path of ['/conflict', '/nowhere']) expectProblem(await send(app, path, body), 400);
      expectProblem(await send(t.app, '/v1/links', body), 400);
    }
    await flushed();
    const parsed = lines.map((line) => JSON.parse(line));
    expect(parsed.filter((l) => l.level === 'error' || l.stack !== undefined)).toEqual([]);
  });

  it('puts the request id on every log line of the request and writes one access-log line', async () => {
    lines.length = 0;
    const res = await request(app).get('/log').set('X-Request-Id', 'req-42');
    expect(res.status).toBe(200);
    await flushed();
    const parsed = lines.map((line) => JSON.parse(line));
    expect(parsed.find((l) => l.message === 'inside the handler')).toMatchObject({ requestId: 'req-42' });
    const access = parsed.filter((l) => l.message === 'request');
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({ requestId: 'req-42', method: 'GET', route: '/log', status: 200, ms: expect.any(Number) });
  });
});

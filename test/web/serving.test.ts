import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { buildWeb, type WebManifest } from '../../scripts/web/build';
import { createTestApp, expectProblem, type TestApp } from '../support/app';
import { metricValue } from '../support/metrics';

/**
 * The dashboard as the server delivers it: the HTML shell on every /app
 * path under a strict CSP, hashed assets cached for good and sent
 * precompressed, browsers at / sent to it — and the API around it as it was.
 */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

let t: TestApp;
let directory: string;
let manifest: WebManifest;
beforeAll(async () => {
  directory = path.join(mkdtempSync(path.join(os.tmpdir(), 'shortline-web-')), 'web');
  manifest = await buildWeb({ outDir: directory });
  t = await createTestApp({}, { dashboardDirectory: directory });
});
afterAll(async () => {
  await t.close();
  rmSync(path.dirname(directory), { recursive: true, force: true });
});

describe('the HTML shell', () => {
  it.each(['/app', '/app/', '/app/links', '/app/links/0b6c3bd4-3a8e-4c55-9d1f-4c3a1f0a2b11', '/app/settings/api-keys'])(
    'answers %s with the shell, its script and a strict CSP, never cached without asking',
    async (url) => {
      const res = await request(t.app).get(url).expect(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toBe(CSP);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toContain(`<script type="module" src="/app/${manifest.entry}"></script>`);
    },
  );

  it("answers paths a module's routes would match (/app/qr, a slug's QR code) with the shell too", async () => {
    const res = await request(t.app).get('/app/qr').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('keeps the API its own CSP', async () => {
    const res = await request(t.app).get('/healthz').expect(200);
    expect(res.headers['content-security-policy']).toBe("default-src 'none';style-src 'unsafe-inline';frame-ancestors 'none'");
  });

  it('answers 503 naming the build command while no build is there', async () => {
    const unbuilt = await createTestApp({}, { dashboardDirectory: path.join(directory, 'nothing-here') });
    try {
      const body = expectProblem(await request(unbuilt.app).get('/app/'), 503);
      expect(body.detail).toContain('npm run build');
    } finally {
      await unbuilt.close();
    }
  });
});

describe('the assets', () => {
  const entry = () => `/app/${manifest.entry}`;
  const raw = () => readFileSync(path.join(directory, manifest.entry), 'utf8');

  it.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['identity', 'identity'],
  ])('with Accept-Encoding %s sends the %s copy, kept a year', async (acceptEncoding, encoding) => {
    const res = await request(t.app).get(entry()).set('Accept-Encoding', acceptEncoding).expect(200);
    expect(res.headers['content-encoding']).toBe(encoding === 'identity' ? undefined : encoding);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toBe('Accept-Encoding');
    const file = encoding === 'identity' ? manifest.entry : `${manifest.entry}.${encoding === 'gzip' ? 'gz' : 'br'}`;
    expect(Number(res.headers['content-length'])).toBe(readFileSync(path.join(directory, file)).length);
    // supertest decodes what it was sent: the same script whichever copy came.
    expect(res.text).toBe(raw());
  });

  it('answers 404 for a file the build does not have', async () => {
    expectProblem(await request(t.app).get('/app/assets/main.NOTTHERE.js'), 404);
  });
});

describe('GET / on the default domain', () => {
  it('sends a browser to the dashboard', async () => {
    const res = await request(t.app).get('/').set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8').expect(302);
    expect(res.headers.location).toBe('/app/');
  });

  it('keeps its 404 for API clients', async () => {
    expectProblem(await request(t.app).get('/').set('Accept', 'application/json'), 404);
    expectProblem(await request(t.app).get('/'), 404);
  });
});

it('labels the requests in /metrics by their documented patterns, never the raw paths', async () => {
  await request(t.app).get('/app/links/abc').expect(200);
  await request(t.app).get(`/app/${manifest.entry}`).expect(200);
  const duration = 'shortline_http_request_duration_seconds_count';
  expect(await metricValue(t.app, duration, { route: '/app/*', status: '200' })).toBeGreaterThan(0);
  expect(await metricValue(t.app, duration, { route: '/app/assets/:file', status: '200' })).toBeGreaterThan(0);
  const text = (await request(t.app).get('/metrics').expect(200)).text;
  expect(text).not.toContain('route="/app/links/abc"');
});

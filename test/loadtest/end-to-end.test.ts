import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { KindCost } from '../../scripts/loadtest/cost';
import type { Report } from '../../scripts/loadtest/report';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/app';

/**
 * `npm run loadtest` end to end against a real server: a short open-model run
 * whose report must agree with the server's own count of requests, and the
 * way bad flags are refused.
 */
const root = path.join(__dirname, '..', '..');
let t: TestApp;
let server: Server;
let url: string;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'shortline-loadtest-'));

beforeAll(async () => {
  t = await createTestApp({ WORKER: 'inline', WORKER_POLL_INTERVAL_MS: '100' });
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await t.close();
  rmSync(scratch, { recursive: true, force: true });
});

function loadtest(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'loadtest', 'main.ts'), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

it('prices each kind of the mix alone with --cost, session-authenticated dashboard reads included: the server counted its requests and spent CPU on them', async () => {
  const json = path.join(scratch, 'cost.json');
  const run = await loadtest(
    ['--url', url, '--admin-token', ADMIN_TOKEN, '--links', '200', '--mix', 'redirect=9,create=1,dashboard=1', '--rps', '40'].concat([
      '--duration',
      '2s',
      '--warmup',
      '0s',
      '--cost',
      '--json',
      json,
      '--cleanup',
      '--quiet',
    ]),
  );
  expect(run.stderr).not.toMatch(/\bat .+\.(ts|js):\d+/);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/\| kind \| requests \| CPU ms \/ 1,000 \|/);
  const { costs } = JSON.parse(readFileSync(json, 'utf8')) as { costs: KindCost[] };
  expect(costs.map((c) => c.kind)).toEqual(['redirect', 'create', 'dashboard']);
  for (const cost of costs) {
    // 40/s for 2 s of this kind alone, as the server counted them (no /metrics scrapes among them).
    expect(cost.requests).toBeGreaterThanOrEqual(78);
    expect(cost.requests).toBeLessThanOrEqual(90);
    // Every one answered as expected: the dashboard's reads with the signed-in viewer's session.
    expect(cost.errors).toBe(0);
    // The server shares jest's process here, so its CPU is only bounded; the figure is the benchmark's to give.
    expect(cost.cpuMsPer1000).toBeGreaterThanOrEqual(0);
    if (cost.cpuMsPer1000 > 0) expect(cost.perCoreSecond).toBeCloseTo(1e6 / cost.cpuMsPer1000, 0);
  }
  // A create writes; a cached redirect does not.
  expect(costs[1].dbQueriesPerRequest).toBeGreaterThan(costs[0].dbQueriesPerRequest);
});

it('runs a short mixed load whose request count the server confirms, and cleans up', async () => {
  const json = path.join(scratch, 'report.json');
  const html = path.join(scratch, 'report.html');
  const run = await loadtest([
    '--url',
    url,
    '--admin-token',
    ADMIN_TOKEN,
    '--links',
    '300',
    '--rps',
    '40',
    '--duration',
    '3s',
    '--warmup',
    '1s',
    '--slo',
    'p99<5s,errors<50%',
    '--json',
    json,
    '--html',
    html,
    '--cleanup',
    '--quiet',
  ]);
  expect(run.stderr).not.toMatch(/\bat .+\.(ts|js):\d+/);
  expect(run.code).toBe(0);
  const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
  expect(report.model).toBe('open');
  expect(report.requests).toBeGreaterThanOrEqual(115); // 40/s for 3 s, all started on schedule
  expect(report.requests).toBeLessThanOrEqual(120);
  expect(report.byType.reduce((n, t) => n + t.count, 0)).toBe(report.requests);
  expect(report.byType.find((t) => t.type === 'redirect')!.count).toBeGreaterThan(report.requests / 2);
  expect(report.errors).toBe(0);
  // The server counted exactly the requests of the measured run (not the setup, warm-up or its own scrapes).
  expect(report.server!.requests).toBe(report.requests);
  expect(report.server!.cacheHitRatio).toBeGreaterThan(0);
  expect(report.timeline.reduce((n, s) => n + s.completed, 0)).toBe(report.requests);
  expect(report.slo!.met).toBe(true);
  expect(run.stdout).toMatch(/SLO MET/);
  expect(readFileSync(html, 'utf8')).toContain('<svg');
  // --cleanup deleted the data set and the run's creates.
  expect(run.stderr).toMatch(/cleanup: deleted \d+ links/);
  const left = await t.shortline.db.platform.raw("select count(*)::int as n from links.links where 'loadtest' = any(tags)");
  expect(left.rows[0].n).toBe(0);
});

it('exits 1 when the SLO is not met', async () => {
  const run = await loadtest([
    '--url',
    url,
    '--admin-token',
    ADMIN_TOKEN,
    '--links',
    '50',
    '--rps',
    '20',
    '--duration',
    '1s',
    '--warmup',
    '0s',
    '--slo',
    'p50<0.001ms',
    '--quiet',
  ]);
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(/SLO NOT MET/);
});

it('refuses bad flags with a message and the usage, exit 2, no stack trace', async () => {
  for (const args of [
    ['--rps', 'lots', '--admin-token', 'x'],
    ['--url', 'http://example.com', '--admin-token', 'x'],
    ['--admin-token', 'x', '--wat'],
  ]) {
    const run = await loadtest(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^loadtest: .+\n\nUsage: npm run loadtest/);
    expect(run.stderr).not.toMatch(/\bat .+\.(ts|js):\d+/);
  }
  const wrongToken = await loadtest(['--url', url, '--admin-token', 'not-the-token-0123456789', '--links', '10', '--quiet']);
  expect(wrongToken.code).toBe(2);
  expect(wrongToken.stderr).toMatch(/creating a workspace failed: HTTP 401/);
});

it('says where it looked when no server answers there', async () => {
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const run = await loadtest(['--url', `http://127.0.0.1:${port}`, '--api-key', 'sl_whatever', '--quiet']);
  expect(run.code).toBe(2);
  expect(run.stderr).toBe(
    `loadtest: listing the workspace's links failed: no answer from http://127.0.0.1:${port} (ECONNREFUSED); is Shortline running there?\n`,
  );
});

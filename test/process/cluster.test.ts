import http from 'node:http';
import { ADMIN_TOKEN } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startServerProcess, type ServerProcess } from '../support/process';

/**
 * WEB_CONCURRENCY=2: one primary, two server processes sharing the port. Edits
 * made through one process reach the other's cache; a process killed mid-load
 * costs only its in-flight requests and is replaced; SIGTERM stops them all.
 */
let database: TestDatabase;
let server: ServerProcess;
let port: number;
let auth: { Authorization: string };

beforeAll(async () => {
  database = await createTestDatabase();
  server = startServerProcess({ DATABASE_URL: database.url, ADMIN_TOKEN, WEB_CONCURRENCY: '2', CACHE_TTL_S: '3600' });
  port = await server.listening;
  await until(() => serverPids().length === 2, 20_000);
  const created = await call('POST', '/v1/workspaces', { name: 'Cluster' }, { Authorization: `Bearer ${ADMIN_TOKEN}` });
  auth = { Authorization: `Bearer ${(created.body as { apiKey: { key: string } }).apiKey.key}` };
});

afterAll(async () => {
  if (server.child.exitCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  await database.drop();
});

/** Pids of the server processes that announced they listen, in order. */
function serverPids(): number[] {
  return [...server.output().matchAll(/listening on http:\/\/localhost:\d+ \(server process (\d+);/g)].map((m) => Number(m[1]));
}

async function until(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms:\n${server.output().slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * One request, on a connection of its own unless `agent` keeps one: the cluster
 * hands each new connection to the next process.
 */
function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  agent: http.Agent | false = false,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: unknown; reusedConnection: boolean }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, agent, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: text && res.headers['content-type']?.includes('json') ? JSON.parse(text) : text,
          reusedConnection: req.reusedSocket,
        }),
      );
    });
    req.setTimeout(5000, () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

it('serves from two processes on one port', async () => {
  // Two kept-alive connections, which the cluster hands to the two processes in turn. Each
  // process counts the /metrics scrapes it answered (as each response closes): scraping on
  // the two connections by turns, each connection sees its own scrapes counted, one more
  // each time, and not the other's, as it would if one process answered both.
  const connections = [new http.Agent({ keepAlive: true, maxSockets: 1 }), new http.Agent({ keepAlive: true, maxSockets: 1 })];
  try {
    const counts: number[][] = [[], []];
    for (let i = 0; i < 3; i++) {
      for (const [c, agent] of connections.entries()) {
        const scrape = await call('GET', '/metrics', undefined, {}, agent);
        expect(scrape.reusedConnection).toBe(i > 0);
        const count = /^shortline_http_request_duration_seconds_count\{method="GET",route="\/metrics",status="200"\} (\d+)$/m.exec(
          String(scrape.body),
        );
        counts[c].push(count === null ? 0 : Number(count[1])); // no series before a process's first scrape closed
      }
    }
    for (const seen of counts) expect(seen.map((count) => count - seen[0])).toEqual([0, 1, 2]);
  } finally {
    for (const agent of connections) agent.destroy();
  }
});

it('keeps every process cache coherent: an edit through one is seen by all within a second', async () => {
  const link = (await call('POST', '/v1/links', { url: 'https://example.com/before', slug: 'coherent' }, auth)).body as { id: string };
  for (let i = 0; i < 6; i++) expect((await call('GET', '/coherent')).headers.location).toBe('https://example.com/before'); // cached in both
  expect((await call('PATCH', `/v1/links/${link.id}`, { url: 'https://example.com/after' }, auth)).status).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  for (let i = 0; i < 6; i++) expect((await call('GET', '/coherent')).headers.location).toBe('https://example.com/after');
});

it('replaces a process killed mid-load, losing at most the requests it had in flight', async () => {
  await call('POST', '/v1/links', { url: 'https://example.com/load', slug: 'under-load' }, auth);
  const [victim] = serverPids();
  let sent = 0;
  let failed = 0;
  const worker = async () => {
    while (sent < 400) {
      sent++;
      if (sent === 100) process.kill(victim, 'SIGKILL');
      const outcome = await call('GET', '/under-load').catch(() => undefined);
      if (outcome?.status !== 302) failed++;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  console.log(`killed ${victim} after 100 of 400 requests: ${failed} failed`);
  expect(failed).toBeLessThanOrEqual(8); // at most one in flight per concurrent client
  await until(() => serverPids().length === 3 && /exited \(SIGKILL\); starting another/.test(server.output()), 20_000);
  for (let i = 0; i < 6; i++) expect((await call('GET', '/under-load')).status).toBe(302);
}, 60_000);

it('stops every process and itself on SIGTERM, exit code 0', async () => {
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  expect(server.output().match(/"shutdown complete"/g)?.length).toBe(3); // two server processes and the primary
  for (const pid of serverPids()) expect(() => process.kill(pid, 0)).toThrow();
});

import { ADMIN_TOKEN } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startServerProcess, type ServerProcess } from '../support/process';

/**
 * Two real Shortline processes on one database: an edit made through one must
 * reach the other's redirect cache through LISTEN/NOTIFY within a second.
 */
let database: TestDatabase;
let a: ServerProcess;
let b: ServerProcess;
let urlA: string;
let urlB: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, ADMIN_TOKEN, CACHE_TTL_S: '3600' };
  a = startServerProcess(env);
  b = startServerProcess(env);
  urlA = `http://127.0.0.1:${await a.listening}`;
  urlB = `http://127.0.0.1:${await b.listening}`;
});

afterAll(async () => {
  for (const server of [a, b]) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  await database.drop();
});

async function json(url: string, init: RequestInit & { body?: string } = {}) {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
  // The response shapes are what the test asserts.
  return { status: res.status, body: (res.status === 204 ? undefined : await res.json()) as any };
}

const locationOn = async (base: string, slug: string) => {
  const res = await fetch(`${base}/${slug}`, { redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location') };
};

async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`condition not met within ${ms} ms`);
}

it('applies an edit made in process A to process B within 1 s, and a delete likewise', async () => {
  const ws = await json(`${urlA}/v1/workspaces`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, body: JSON.stringify({ name: 'x' }) });
  const auth = { authorization: `Bearer ${ws.body.apiKey.key}` };
  const link = await json(`${urlA}/v1/links`, { method: 'POST', headers: auth, body: JSON.stringify({ url: 'https://example.com/before', slug: 'shared' }) });
  expect(link.status).toBe(201);

  // B caches the link (and A too).
  expect(await locationOn(urlB, 'shared')).toEqual({ status: 302, location: 'https://example.com/before' });
  expect(await locationOn(urlA, 'shared')).toEqual({ status: 302, location: 'https://example.com/before' });

  const patched = await json(`${urlA}/v1/links/${link.body.id}`, { method: 'PATCH', headers: auth, body: JSON.stringify({ url: 'https://example.com/after' }) });
  expect(patched.status).toBe(200);
  await within(1000, async () => (await locationOn(urlB, 'shared')).location === 'https://example.com/after');

  await json(`${urlA}/v1/links/${link.body.id}`, { method: 'DELETE', headers: auth });
  await within(1000, async () => (await locationOn(urlB, 'shared')).status === 404);
});

it('revokes an API key in process B within 1 s of revoking it in process A', async () => {
  const ws = await json(`${urlA}/v1/workspaces`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, body: JSON.stringify({ name: 'y' }) });
  const admin = { authorization: `Bearer ${ws.body.apiKey.key}` };
  const key = await json(`${urlA}/v1/api-keys`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'temp', scopes: ['links:read'] }) });
  const temp = { authorization: `Bearer ${key.body.key}` };
  expect((await json(`${urlB}/v1/links`, { headers: temp })).status).toBe(200); // cached in B
  expect((await json(`${urlA}/v1/api-keys/${key.body.id}`, { method: 'DELETE', headers: admin })).status).toBe(204);
  await within(1000, async () => (await json(`${urlB}/v1/links`, { headers: temp })).status === 401);
});

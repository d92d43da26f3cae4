import { request as httpRequest } from 'node:http';
import { ADMIN_TOKEN } from '../support/app';
import { startDnsServer, type TestDnsServer } from '../support/dns-server';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startServerProcess, type ServerProcess } from '../support/process';
import { startReceiver } from '../support/receiver';
import { CHROME_MAC } from '../support/user-agents';

/**
 * Two real Shortline processes on one database: an edit made through one must
 * reach the other's caches (redirects, API keys, webhooks' audience, custom
 * domains' hosts) through LISTEN/NOTIFY within a second.
 */
let database: TestDatabase;
let dns: TestDnsServer;
let a: ServerProcess;
let b: ServerProcess;
let urlA: string;
let urlB: string;

beforeAll(async () => {
  database = await createTestDatabase();
  dns = await startDnsServer();
  const env = {
    DATABASE_URL: database.url,
    DOMAINS_DNS_SERVERS: dns.address,
    ADMIN_TOKEN,
    CACHE_TTL_S: '3600',
    OUTBOUND_ALLOW: '127.0.0.1',
    CLICKS_FLUSH_INTERVAL_MS: '100',
    WEBHOOK_CLICK_BATCH_INTERVAL_MS: '100',
  };
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
  await dns.close();
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
  const ws = await json(`${urlA}/v1/workspaces`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ name: 'x' }),
  });
  const auth = { authorization: `Bearer ${ws.body.apiKey.key}` };
  const link = await json(`${urlA}/v1/links`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ url: 'https://example.com/before', slug: 'shared' }),
  });
  expect(link.status).toBe(201);

  // B caches the link (and A too).
  expect(await locationOn(urlB, 'shared')).toEqual({ status: 302, location: 'https://example.com/before' });
  expect(await locationOn(urlA, 'shared')).toEqual({ status: 302, location: 'https://example.com/before' });

  const patched = await json(`${urlA}/v1/links/${link.body.id}`, {
    method: 'PATCH',
    headers: auth,
    body: JSON.stringify({ url: 'https://example.com/after' }),
  });
  expect(patched.status).toBe(200);
  await within(1000, async () => (await locationOn(urlB, 'shared')).location === 'https://example.com/after');

  await json(`${urlA}/v1/links/${link.body.id}`, { method: 'DELETE', headers: auth });
  await within(1000, async () => (await locationOn(urlB, 'shared')).status === 404);
});

it("applies a change of a link's rules made in process A to process B within 1 s", async () => {
  const ws = await json(`${urlA}/v1/workspaces`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ name: 'rules' }),
  });
  const auth = { authorization: `Bearer ${ws.body.apiKey.key}` };
  const link = await json(`${urlA}/v1/links`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ url: 'https://example.com/all', slug: 'ruled', targeting: [{ query: { v: '1' }, url: 'https://example.com/one' }] }),
  });
  expect(link.status).toBe(201);
  expect(await locationOn(urlB, 'ruled?v=2')).toEqual({ status: 302, location: 'https://example.com/all' });

  const patched = await json(`${urlA}/v1/links/${link.body.id}`, {
    method: 'PATCH',
    headers: auth,
    body: JSON.stringify({ targeting: [{ query: { v: '2' }, url: 'https://example.com/two' }], utm: { source: 'b' } }),
  });
  expect(patched.status).toBe(200);
  await within(1000, async () => (await locationOn(urlB, 'ruled?v=2')).location === 'https://example.com/two?utm_source=b');
  // A limit set in A closes the link in B once B has served it (to a person: bots do not use clicks).
  await json(`${urlA}/v1/links/${link.body.id}`, { method: 'PATCH', headers: auth, body: JSON.stringify({ maxClicks: 1 }) });
  const visit = async () => (await fetch(`${urlB}/ruled`, { redirect: 'manual', headers: { 'user-agent': CHROME_MAC } })).status;
  await within(1000, async () => (await visit()) === 410);
});

it('revokes an API key in process B within 1 s of revoking it in process A', async () => {
  const ws = await json(`${urlA}/v1/workspaces`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ name: 'y' }),
  });
  const admin = { authorization: `Bearer ${ws.body.apiKey.key}` };
  const key = await json(`${urlA}/v1/api-keys`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'temp', scopes: ['links:read'] }) });
  const temp = { authorization: `Bearer ${key.body.key}` };
  expect((await json(`${urlB}/v1/links`, { headers: temp })).status).toBe(200); // cached in B
  expect((await json(`${urlA}/v1/api-keys/${key.body.id}`, { method: 'DELETE', headers: admin })).status).toBe(204);
  await within(1000, async () => (await json(`${urlB}/v1/links`, { headers: temp })).status === 401);
});

it("sends process B's clicks to a link.clicked webhook created in process A, without waiting for B's cache to expire", async () => {
  const receiver = await startReceiver();
  try {
    const ws = await json(`${urlA}/v1/workspaces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ name: 'z' }),
    });
    const auth = { authorization: `Bearer ${ws.body.apiKey.key}` };
    expect(
      (await json(`${urlA}/v1/links`, { method: 'POST', headers: auth, body: JSON.stringify({ url: 'https://example.com/z', slug: 'hooked' }) }))
        .status,
    ).toBe(201);
    // B stores a click while the workspace has no webhook, and so caches that no one listens to its clicks.
    const audienceLoads = async () =>
      Number(/shortline_cache_loads_total\{cache="webhooks:audience"\} (\d+)/.exec(await (await fetch(`${urlB}/metrics`)).text())?.[1] ?? 0);
    const loadsBefore = await audienceLoads();
    expect((await locationOn(urlB, 'hooked')).status).toBe(302);
    await within(2000, async () => (await audienceLoads()) > loadsBefore);

    const hook = await json(`${urlA}/v1/webhooks`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ url: receiver.url, events: ['link.clicked'] }),
    });
    expect(hook.status).toBe(201);
    // Each click takes a flush, a batch and a delivery to arrive (about 0.3 s here); the cached "no one" would last an hour.
    await within(3000, async () => (await locationOn(urlB, 'hooked')).status === 302 && receiver.received.length > 0);
    expect(JSON.parse(receiver.received[0].body)).toMatchObject({ type: 'link.clicked', workspaceId: ws.body.workspace.id });
  } finally {
    await receiver.close();
  }
});

/** A GET with its own Host header (fetch does not let a request choose it). */
function getOn(base: string, host: string, path: string): Promise<{ status: number; location: string | undefined }> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host, accept: 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
    });
    req.on('error', reject);
    req.end();
  });
}

it("applies a custom domain's changes made in process A to process B within 1 s: verified, re-pointed, deleted", async () => {
  const ws = await json(`${urlA}/v1/workspaces`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ name: 'domains' }),
  });
  const auth = { authorization: `Bearer ${ws.body.apiKey.key}` };
  const host = 'go.shared.example';
  const domain = await json(`${urlA}/v1/domains`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ hostname: host, rootUrl: 'https://example.com/root-1' }),
  });
  expect(domain.status).toBe(201);

  // B caches the host as unknown (pending), then A verifies it.
  expect((await getOn(urlB, host, '/')).status).toBe(404);
  dns.records.set(domain.body.verification.name, [domain.body.verification.value]);
  expect((await json(`${urlA}/v1/domains/${domain.body.id}/verify`, { method: 'POST', headers: auth })).status).toBe(200);
  await within(1000, async () => (await getOn(urlB, host, '/')).location === 'https://example.com/root-1');

  // A link on the domain; B caches it and the domain's "no link here".
  const link = await json(`${urlA}/v1/links`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ url: 'https://example.com/l', slug: 'dlink', domain: host }),
  });
  expect(link.status).toBe(201);
  expect(await getOn(urlB, host, '/dlink')).toEqual({ status: 302, location: 'https://example.com/l' });
  expect((await getOn(urlB, host, '/nothing')).status).toBe(404);

  const patched = await json(`${urlA}/v1/domains/${domain.body.id}`, {
    method: 'PATCH',
    headers: auth,
    body: JSON.stringify({ rootUrl: 'https://example.com/root-2', notFoundUrl: 'https://example.com/missing' }),
  });
  expect(patched.status).toBe(200);
  await within(1000, async () => (await getOn(urlB, host, '/')).location === 'https://example.com/root-2');
  await within(1000, async () => (await getOn(urlB, host, '/nothing')).location === 'https://example.com/missing');

  expect((await json(`${urlA}/v1/links/${link.body.id}`, { method: 'DELETE', headers: auth })).status).toBe(204);
  expect((await json(`${urlA}/v1/domains/${domain.body.id}`, { method: 'DELETE', headers: auth })).status).toBe(204);
  await within(1000, async () => (await getOn(urlB, host, '/')).status === 404 && (await getOn(urlB, host, '/nothing')).status === 404);
});

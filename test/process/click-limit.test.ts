import { ADMIN_TOKEN } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startServerProcess, type ServerProcess } from '../support/process';
import { CHROME_MAC } from '../support/user-agents';

/**
 * The click limit across real processes on one database (rules/click-allowance.ts):
 * never more redirects than maxClicks, however the visits are spread; fewer
 * only by the lease a killed process held; none lost when a process stops cleanly.
 */
let database: TestDatabase;
const env = () => ({ DATABASE_URL: database.url, ADMIN_TOKEN, LINK_PREVIEWS: 'off' });
let key: string;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

async function start(): Promise<{ server: ServerProcess; base: string }> {
  const server = startServerProcess(env());
  return { server, base: `http://127.0.0.1:${await server.listening}` };
}

async function stop(server: ServerProcess, signal: NodeJS.Signals): Promise<void> {
  server.child.kill(signal);
  await server.exited;
}

async function limitedLink(base: string, maxClicks: number): Promise<string> {
  if (key === undefined) {
    const res = await fetch(`${base}/v1/workspaces`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Acme' }),
    });
    key = ((await res.json()) as { apiKey: { key: string } }).apiKey.key;
  }
  const res = await fetch(`${base}/v1/links`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: 'https://example.com/limited', maxClicks }),
  });
  return ((await res.json()) as { slug: string }).slug;
}

const visit = async (base: string, slug: string) =>
  (await fetch(`${base}/${slug}`, { redirect: 'manual', headers: { 'User-Agent': CHROME_MAC, Accept: 'application/json' } })).status;

async function visitUntilGone(base: string, slug: string): Promise<number> {
  let served = 0;
  while ((await visit(base, slug)) === 302) served++;
  return served;
}

it('serves exactly maxClicks redirects across two processes hit at once', async () => {
  const a = await start();
  const b = await start();
  try {
    const slug = await limitedLink(a.base, 150);
    const statuses = await Promise.all(Array.from({ length: 400 }, (_, i) => visit(i % 2 === 0 ? a.base : b.base, slug)));
    expect(statuses.filter((s) => s === 302)).toHaveLength(150);
    expect(statuses.filter((s) => s !== 302 && s !== 410)).toEqual([]);
  } finally {
    await Promise.all([stop(a.server, 'SIGTERM'), stop(b.server, 'SIGTERM')]);
  }
});

it('loses no clicks when a process stops cleanly: it gives its unspent lease back', async () => {
  const a = await start();
  const slug = await limitedLink(a.base, 100);
  expect(await visit(a.base, slug)).toBe(302);
  await stop(a.server, 'SIGTERM');
  const b = await start();
  try {
    expect(await visitUntilGone(b.base, slug)).toBe(99);
  } finally {
    await stop(b.server, 'SIGTERM');
  }
});

it('loses at most the lease of a process that was killed (a sixteenth of what was left)', async () => {
  const a = await start();
  const slug = await limitedLink(a.base, 100);
  expect(await visit(a.base, slug)).toBe(302);
  await stop(a.server, 'SIGKILL');
  const b = await start();
  try {
    // A claimed floor(100 / 16) = 6 clicks and spent one: five are lost with it.
    expect(await visitUntilGone(b.base, slug)).toBe(94);
  } finally {
    await stop(b.server, 'SIGTERM');
  }
});

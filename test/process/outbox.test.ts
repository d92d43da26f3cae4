import { spawn } from 'node:child_process';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import { ADMIN_TOKEN } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startServerProcess } from '../support/process';

/**
 * The outbox across a crash: a web process (WORKER=off) commits changes and the
 * jobs they imply, then is killed with SIGKILL before anything ran them. A worker
 * started afterwards does all of it: nothing committed is lost.
 */
let database: TestDatabase;
let db: Knex;
beforeAll(async () => {
  database = await createTestDatabase();
  db = knex({ client: 'pg', connection: database.url, pool: { min: 0, max: 2 } });
});
afterAll(async () => {
  await db.destroy();
  await database.drop();
});

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const pendingJobs = async (task: string) =>
  Number((await db.raw<{ rows: { n: string }[] }>('select count(*) as n from graphile_worker.jobs where task_identifier = ?', [task])).rows[0].n);

it('runs the jobs and event deliveries a killed web process committed', async () => {
  const web = startServerProcess({ DATABASE_URL: database.url, ADMIN_TOKEN, WORKER: 'off', CLICKS_FLUSH_INTERVAL_MS: '100' });
  const base = `http://127.0.0.1:${await web.listening}`;
  const post = async (url: string, auth: string, body: object) =>
    (
      await fetch(`${base}${url}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    ).json() as Promise<Record<string, any>>;
  const ws = await post('/v1/workspaces', ADMIN_TOKEN, { name: 'Crash' });
  const key = ws.apiKey.key as string;
  const kept = await post('/v1/links', key, { url: 'https://example.com/kept', slug: 'kept' });
  const doomed = await post('/v1/links', key, { url: 'https://example.com/doomed', slug: 'doomed' });
  for (let i = 0; i < 5; i++)
    await fetch(`${base}/kept`, { redirect: 'manual', headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0' } });
  // The flushes committed the clicks (all five: they may take two flushes) and their rollup job; the delete commits the event's delivery job.
  const written = async () =>
    (await db.raw<{ rows: { n: number }[] }>('select count(*)::int as n from analytics.clicks where link_id = ?', [kept.id])).rows[0].n;
  await until(async () => ((await written()) === 5 && (await pendingJobs('analytics.rollup')) > 0 ? true : undefined), 'the clicks to be written');
  expect((await fetch(`${base}/v1/links/${doomed.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${key}` } })).status).toBe(204);
  expect(await pendingJobs('analytics.on.forget-deleted-link')).toBe(1);

  web.child.kill('SIGKILL');
  await web.exited;

  const worker = spawn(process.execPath, ['--import', 'tsx', 'src/bin/worker.ts'], {
    cwd: path.join(__dirname, '..', '..'),
    env: { PATH: process.env.PATH ?? '', LOG_FORMAT: 'json', DATABASE_URL: database.url, WORKER_POLL_INTERVAL_MS: '200' },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => worker.on('exit', resolve));
  try {
    await until(
      async () => ((await pendingJobs('analytics.rollup')) + (await pendingJobs('analytics.on.forget-deleted-link')) === 0 ? true : undefined),
      'the worker to run the jobs',
    );
    const clicks = await db.raw<{ rows: { clicks: number }[] }>(
      'select coalesce(sum(clicks), 0)::int as clicks from analytics.link_daily where link_id = ?',
      [kept.id],
    );
    expect(clicks.rows[0].clicks).toBe(5);
    const forgotten = await db.raw<{ rows: unknown[] }>('select 1 from analytics.deleted_links where link_id = ?', [doomed.id]);
    expect(forgotten.rows).toHaveLength(1);
    const inbox = await db.raw<{ rows: { subscription: string }[] }>('select subscription from analytics.event_inbox');
    expect(inbox.rows).toEqual([{ subscription: 'forget-deleted-link' }]);
  } finally {
    worker.kill('SIGTERM');
    await exited;
  }
});

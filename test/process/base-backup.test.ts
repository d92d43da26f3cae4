import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex from 'knex';
import request from 'supertest';
import { createShortline, type Shortline } from '../../src/app/shortline';
import { loadConfig } from '../../src/app/config';
import { freePort } from '../../src/shared/db/embedded';
import { createLogger } from '../../src/shared/logging';
import { ADMIN_TOKEN, createWorkspace } from '../support/app';
import { startStoppablePostgres, type StoppablePostgres } from '../support/stoppable-postgres';

/**
 * The embedded installation backed up while it runs (a base backup through
 * PostgreSQL's low-level API, `npm run cli -- backup <dir>`) and restored into
 * a new DATA_DIR (`restore <dir>`): its data and graphile-worker's queue, with
 * the jobs still pending, and writes made during the backup.
 */

const projectRoot = path.join(__dirname, '..', '..');
const cli = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [require.resolve('tsx/cli'), 'src/bin/cli.ts', ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
  });

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'shortline-base-backup-'));
  // As root the embedded server runs as the postgres user, which must reach the clusters inside.
  chmodSync(scratch, 0o755);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Shortline on the embedded cluster of `dataDir` (DATA_DIR), as `npm run dev` runs it. */
async function startOn(dataDir: string, port: number, worker: 'inline' | 'off'): Promise<{ shortline: Shortline; db: StoppablePostgres }> {
  const logger = createLogger({ level: 'silent', format: 'json' });
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const db = await startStoppablePostgres({ dataDir: path.join(dataDir, 'postgres'), port });
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: db.url,
    WORKER: worker,
    WORKER_POLL_INTERVAL_MS: '100',
    DEFAULT_DOMAIN_HOSTS: '*',
    ADMIN_TOKEN,
  });
  const shortline = createShortline({ config, logger, databaseUrl: db.url });
  await shortline.migrate();
  await shortline.start();
  return { shortline, db };
}

async function pendingJobs(url: string): Promise<string[]> {
  const db = knex({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  try {
    return (await db.raw<{ rows: { task_identifier: string }[] }>('select task_identifier from graphile_worker.jobs order by id')).rows.map(
      (row) => row.task_identifier,
    );
  } finally {
    await db.destroy();
  }
}

it('backs up the running embedded database and restores it into a new DATA_DIR, data and pending jobs included', async () => {
  const original = path.join(scratch, 'original');
  const backup = path.join(scratch, 'backup');
  const restored = path.join(scratch, 'restored');
  const port = await freePort();
  const first = await startOn(original, port, 'off');
  let pending: string[];
  try {
    const acme = await createWorkspace(first.shortline.app, 'Acme');
    await request(first.shortline.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/kept', slug: 'kept' }).expect(201);
    // WORKER is off: the link's event jobs wait in the queue.
    pending = await pendingJobs(first.db.url);
    expect(pending.length).toBeGreaterThan(0);

    // The CLI joins the running server (as beside `npm run dev`) and backs it up while it serves.
    const writes = (async () => {
      for (let i = 0; i < 20; i++)
        await request(first.shortline.app)
          .post('/v1/links')
          .set(acme.auth)
          .send({ url: `https://example.com/during/${i}` });
    })();
    const result = cli(['backup', backup], { DATA_DIR: original, EMBEDDED_PG_PORT: String(port) });
    await writes;
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    pending = await pendingJobs(first.db.url);
  } finally {
    await first.shortline.stop();
    await first.db.stop();
  }

  const restore = cli(['restore', backup], { DATA_DIR: restored });
  expect(restore.stderr).toBe('');
  expect(restore.status).toBe(0);
  expect(cli(['restore', backup], { DATA_DIR: restored }).stderr).toContain('already holds a database');

  const second = await startOn(restored, await freePort(), 'inline');
  try {
    await request(second.shortline.app).get('/kept').expect(302).expect('Location', 'https://example.com/kept');
    // Every job still pending when the backup ended is there, and runs.
    expect(pending.length).toBeGreaterThan(0);
    for (const started = Date.now(); (await pendingJobs(second.db.url)).length > 0; await new Promise((r) => setTimeout(r, 100))) {
      if (Date.now() - started > 15_000) throw new Error('the restored jobs did not run');
    }
  } finally {
    await second.shortline.stop();
    await second.db.stop();
  }
}, 180_000);

it('refuses a backup into a directory that is not empty, and a restore of something that is no base backup', () => {
  const port = String(17_000 + Math.floor(Math.random() * 1000));
  const notEmpty = mkdtempSync(path.join(scratch, 'full-'));
  spawnSync('touch', [path.join(notEmpty, 'something')]);
  const result = cli(['backup', notEmpty], { DATA_DIR: path.join(scratch, 'refusals'), EMBEDDED_PG_PORT: port });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('is not empty');
  const restore = cli(['restore', notEmpty], { DATA_DIR: path.join(scratch, 'never') });
  expect(restore.status).toBe(1);
  expect(restore.stderr).toContain('is no base backup');
}, 120_000);

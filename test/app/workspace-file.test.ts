import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Knex } from 'knex';
import request from 'supertest';
import { exportWorkspace, importWorkspace } from '../../src/app/portable/workspace-file';
import { createTestApp, createWorkspace, type TestApp, type TestWorkspace } from '../support/app';
import { CHROME_MAC } from '../support/user-agents';

/**
 * A workspace moved between two installations (two databases) with a
 * workspace file: every row of every module arrives as it was, but for the
 * webhooks' secrets, and the workspace works there (its slugs redirect).
 */

let source: TestApp;
let target: TestApp;
let acme: TestWorkspace;
let dir: string;
let webhookId: string;

const TABLES = [
  'identity.workspaces',
  'domains.domains',
  'links.links',
  'links.workspace_usage',
  'analytics.clicks',
  'analytics.link_daily',
  'analytics.link_weekly',
  'analytics.workspace_daily',
  'analytics.dimension_daily',
  'audit.entries',
  'webhooks.endpoints',
];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'shortline-workspace-file-'));
  const env = { OUTBOUND_ALLOW: '127.0.0.1', WORKER: 'inline', WORKER_POLL_INTERVAL_MS: '100' };
  [source, target] = [await createTestApp(env), await createTestApp(env)];
  acme = await createWorkspace(source.app, 'Acme');
  await createWorkspace(source.app, 'Globex');
  await request(source.app)
    .post('/v1/links')
    .set(acme.auth)
    .send({
      url: 'https://example.com/launch',
      slug: 'Launch',
      title: 'Launch',
      tags: ['spring'],
      publicQr: false,
      password: 'open sesame',
      maxClicks: 1000,
      targeting: [{ url: 'https://example.de/launch', country: ['DE'] }],
    })
    .expect(201);
  await request(source.app).post('/v1/domains').set(acme.auth).send({ hostname: 'go.acme.example' }).expect(201);
  webhookId = (
    await request(source.app)
      .post('/v1/webhooks')
      .set(acme.auth)
      .send({ url: 'http://127.0.0.1:9/hook', events: ['link.created'] })
      .expect(201)
  ).body.id;
  await request(source.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/open', slug: 'open' }).expect(201);
  for (let i = 0; i < 3; i++) await request(source.app).get('/open').set('User-Agent', CHROME_MAC).expect(302);
  await settle(source);
}, 60_000);

afterAll(async () => {
  await source?.close();
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Waits until the jobs due are done (audit entries, rollups), but for webhook deliveries (their receiver is down). */
async function settle(t: TestApp): Promise<void> {
  await t.shortline.apis.get('analytics').flushClicks();
  for (const started = Date.now(); Date.now() - started < 15_000; await new Promise((r) => setTimeout(r, 50))) {
    const { rows } = await t.shortline.db.platform.raw<{ rows: { n: string }[] }>(
      "select count(*) as n from graphile_worker.jobs where task_identifier not like '%webhooks%' and run_at <= now() and attempts < max_attempts",
    );
    if (rows[0].n === '0') return;
  }
  throw new Error('the queue did not empty');
}

/** The workspace's rows of a table as PostgreSQL's JSON, in a stable order (webhook secrets and state apart). */
async function rowsOf(db: Knex, table: string, workspaceId: string): Promise<unknown[]> {
  const key = table === 'identity.workspaces' ? 'id' : 'workspace_id';
  const { rows } = await db.raw<{ rows: { row: unknown }[] }>(
    `select to_jsonb(t) - array['secret', 'enabled', 'disabled_reason', 'disabled_at', 'consecutive_failures'] as row from ${table} t where ?? = ? order by to_jsonb(t)::text`,
    [key, workspaceId],
  );
  return rows.map((r) => r.row);
}

describe('a workspace file', () => {
  let file: string;
  let report: Awaited<ReturnType<typeof importWorkspace>>;
  beforeAll(async () => {
    file = path.join(dir, 'acme.ndjson.gz');
    await exportWorkspace(source.shortline.cells.get('main')!, acme.id, file);
    report = await importWorkspace(target.shortline.cells.get('main')!, file, { sharded: false });
  }, 60_000);

  it('starts with a versioned header and ends with the row count', () => {
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
    expect(JSON.parse(lines[0])).toMatchObject({ format: 'shortline-workspace', version: 1, workspaceId: acme.id });
    expect(JSON.parse(lines[0]).modules).toEqual(expect.arrayContaining(['identity', 'domains', 'links', 'analytics', 'webhooks', 'audit']));
    expect(JSON.parse(lines.at(-1)!)).toEqual({ end: true, rows: lines.length - 2 });
  });

  it('carries no webhook secret', () => {
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    expect(text).not.toMatch(/whsec_/);
  });

  it.each(TABLES)('brings every row of %s, as it was', async (table) => {
    const before = await rowsOf(source.shortline.db.platform, table, acme.id);
    if (!['audit.entries', 'domains.domains', 'webhooks.endpoints'].includes(table)) expect(before.length).toBeGreaterThan(0);
    expect(await rowsOf(target.shortline.db.platform, table, acme.id)).toEqual(before);
  });

  it("brings none of another workspace's rows", async () => {
    const { rows } = await target.shortline.db.platform.raw<{ rows: { n: number }[] }>(
      'select count(*)::int as n from links.links where workspace_id <> ?',
      [acme.id],
    );
    expect(rows[0].n).toBe(0);
  });

  it('imports webhooks disabled, with a new secret it shows once', async () => {
    expect(report.notes).toEqual([
      expect.stringMatching(new RegExp(`^Webhook ${webhookId} \\(http://127.0.0.1:9/hook\\): new secret whsec_\\S+; disabled`)),
    ]);
    const row = await target.shortline.db.platform('webhooks.endpoints').where({ id: webhookId }).first();
    expect(row.enabled).toBe(false);
    expect(report.notes[0]).toContain(row.secret);
  });

  it('serves the imported links: their slugs redirect, a password still guards its link', async () => {
    await request(target.app).get('/open').expect(302).expect('Location', 'https://example.com/open');
    await request(target.app).get('/launch').expect(200); // the password form
  });

  it('refuses to import the workspace again, and changes nothing', async () => {
    await expect(importWorkspace(target.shortline.cells.get('main')!, file, { sharded: false })).rejects.toThrow(
      `Workspace ${acme.id} exists in this installation already`,
    );
  });
});

describe('importing a workspace file that cannot be taken', () => {
  it('refuses a file cut short, a file that is no workspace file, and a newer version, importing nothing', async () => {
    const whole = path.join(dir, 'whole.ndjson');
    await exportWorkspace(source.shortline.cells.get('main')!, acme.id, whole);
    const lines = readFileSync(whole, 'utf8').trim().split('\n');
    const fresh = await createTestApp();
    try {
      const main = fresh.shortline.cells.get('main')!;
      const cut = path.join(dir, 'cut.ndjson');
      writeFileSync(cut, `${lines.slice(0, -3).join('\n')}\n`);
      await expect(importWorkspace(main, cut, { sharded: false })).rejects.toThrow('was cut short');
      const other = path.join(dir, 'other.ndjson');
      writeFileSync(other, 'slug,url\n');
      await expect(importWorkspace(main, other, { sharded: false })).rejects.toThrow('is not a Shortline workspace file');
      const newer = path.join(dir, 'newer.ndjson');
      writeFileSync(newer, [JSON.stringify({ ...JSON.parse(lines[0]), version: 99 }), ...lines.slice(1)].join('\n'));
      await expect(importWorkspace(main, newer, { sharded: false })).rejects.toThrow('is of version 99');
      await expect(importWorkspace(main, path.join(dir, 'missing.ndjson'), { sharded: false })).rejects.toThrow('no such file');
      expect(await fresh.shortline.apis.get('identity').findWorkspace(acme.id)).toBeUndefined();
      const { rows } = await fresh.shortline.db.platform.raw<{ rows: { n: number }[] }>('select count(*)::int as n from links.links');
      expect(rows[0].n).toBe(0);
    } finally {
      await fresh.close();
    }
  }, 60_000);

  it('refuses a workspace whose slug another workspace holds here, importing nothing', async () => {
    const file = path.join(dir, 'taken.ndjson');
    await exportWorkspace(source.shortline.cells.get('main')!, acme.id, file);
    const fresh = await createTestApp();
    try {
      const local = await createWorkspace(fresh.app, 'Local');
      await request(fresh.app).post('/v1/links').set(local.auth).send({ url: 'https://example.org/', slug: 'OPEN' }).expect(201);
      await expect(importWorkspace(fresh.shortline.cells.get('main')!, file, { sharded: false })).rejects.toThrow(
        "1 of the workspace's slugs are taken in this installation: open",
      );
      expect(await fresh.shortline.apis.get('identity').findWorkspace(acme.id)).toBeUndefined();
    } finally {
      await fresh.close();
    }
  }, 60_000);
});

describe('importing a workspace whose custom domain another workspace has here', () => {
  it('refuses it, naming the hostname, and imports nothing', async () => {
    const file = path.join(dir, 'domain-taken.ndjson');
    await exportWorkspace(source.shortline.cells.get('main')!, acme.id, file);
    const fresh = await createTestApp();
    try {
      const local = await createWorkspace(fresh.app, 'Local');
      await request(fresh.app).post('/v1/domains').set(local.auth).send({ hostname: 'go.acme.example' }).expect(201);
      await expect(importWorkspace(fresh.shortline.cells.get('main')!, file, { sharded: false })).rejects.toThrow(
        /already has data the workspace brings \(domains: Key \(hostname\)=\(go\.acme\.example\) already exists\.\); nothing was imported/,
      );
      expect(await fresh.shortline.apis.get('identity').findWorkspace(acme.id)).toBeUndefined();
    } finally {
      await fresh.close();
    }
  }, 60_000);
});

describe('npm run cli -- workspace:export / workspace:import', () => {
  const cli = (args: string[], databaseUrl: string) =>
    spawnSync(process.execPath, [require.resolve('tsx/cli'), 'src/bin/cli.ts', ...args], {
      cwd: path.join(__dirname, '..', '..'),
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl },
      encoding: 'utf8',
    });

  it('moves a workspace between two databases, and says why when it cannot', async () => {
    const file = path.join(dir, 'cli.ndjson.gz');
    const exported = cli(['workspace:export', acme.id, file], source.database.url);
    expect(exported.stderr).toBe('');
    expect(exported.stdout).toContain(`Exported workspace ${acme.id} to ${file}.`);
    const fresh = await createTestApp();
    try {
      const imported = cli(['workspace:import', file], fresh.database.url);
      expect(imported.status).toBe(0);
      expect(imported.stdout).toMatch(/links\.links: 2/);
      expect(imported.stdout).toMatch(/new secret whsec_/);
      const again = cli(['workspace:import', file], fresh.database.url);
      expect(again.status).toBe(1);
      expect(again.stderr).toContain('exists in this installation already');
      expect(cli(['workspace:export', 'not-an-id', file], fresh.database.url).status).toBe(2);
      expect(cli(['workspace:import'], fresh.database.url).status).toBe(2);
      const unknown = cli(['workspace:export', '00000000-0000-4000-8000-000000000000', file], fresh.database.url);
      expect(unknown.stderr).toContain('No workspace has the id');
    } finally {
      await fresh.close();
    }
  }, 120_000);
});

import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import request from 'supertest';
import { loadConfig } from '../../src/app/config';
import { freePort } from '../../src/shared/db/embedded';
import { startEmbeddedPrimary, startEmbeddedStandby, type EmbeddedPrimary, type EmbeddedStandby } from '../../src/shared/db/embedded-replication';
import { createLogger } from '../../src/shared/logging';
import { createShortline, type Shortline } from '../../src/app/shortline';
import { ADMIN_TOKEN, createWorkspace, type TestWorkspace } from '../support/app';
import { metricValue } from '../support/metrics';
import { eventually } from '../support/receiver';

/**
 * DATABASE_REPLICA_URLS against a real streaming replica: a primary and a hot
 * standby of it (src/shared/db/embedded-standby.ts), both embedded. Replay on
 * the standby is paused to make it lag on demand, and the standby is stopped
 * to take it away.
 */
const MAX_LAG_MS = 1500;
const logger = createLogger({ level: 'silent', format: 'json' });

let dir: string;
let primary: EmbeddedPrimary;
let standby: EmbeddedStandby;
let standbyAdmin: Knex;
let shortline: Shortline;
let acme: TestWorkspace;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'shortline-replica-'));
  chmodSync(dir, 0o755); // the servers run as the postgres user when the tests run as root
  primary = await startEmbeddedPrimary({ dataDir: path.join(dir, 'primary'), port: await freePort(), databaseName: 'shortline', logger });
  standby = await startEmbeddedStandby({
    primaryDataDir: primary.dataDir,
    primaryAdminUrl: primary.adminUrl,
    dataDir: path.join(dir, 'standby'),
    port: await freePort(),
    databaseName: 'shortline',
    logger,
  });
  // Quiet: stopping the standby ends this connection, which knex reports.
  standbyAdmin = knex({ client: 'pg', connection: standby.url, pool: { min: 0, max: 1 }, log: { warn: () => undefined } });
  shortline = withReplicas(standby.url);
  await shortline.migrate();
  await shortline.start();
  acme = await createWorkspace(shortline.app);
  await inRotation(1);
}, 60_000);

/** A Shortline on the primary reading from `replicaUrls`, checked every 100 ms. */
function withReplicas(replicaUrls: string): Shortline {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ADMIN_TOKEN,
    DATABASE_URL: primary.url,
    DATABASE_REPLICA_URLS: replicaUrls,
    REPLICA_CHECK_INTERVAL_MS: '100',
    REPLICA_MAX_LAG_MS: String(MAX_LAG_MS),
    DB_CONNECT_TIMEOUT_MS: '1000',
    WORKER: 'off',
    LINK_PREVIEWS: 'off',
  });
  return createShortline({ config, logger, databaseUrl: primary.url });
}

afterAll(async () => {
  await shortline?.stop();
  await standbyAdmin?.destroy();
  await standby?.destroy();
  await primary?.stop();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  // Every test leaves the standby replaying and in rotation.
  if ((await standbyAdmin.raw<{ rows: { paused: boolean }[] }>('select pg_is_wal_replay_paused() as paused')).rows[0].paused) {
    await standbyAdmin.raw('select pg_wal_replay_resume()');
  }
  await inRotation(1);
});

const app = () => shortline.app;
/** Reads counted from `target`; `absent` where none may have been yet (the counter has no series until then). */
const reads = (module: string, target: string, options?: { absent: number }) =>
  metricValue(app(), 'shortline_db_reads_total', { module, target }, options);

async function inRotation(expected: 0 | 1): Promise<void> {
  await eventually(
    async () => (await metricValue(app(), 'shortline_db_replica_in_rotation', { replica: 'replica-1' })) === expected,
    10_000,
    `replica-1 in rotation = ${expected}`,
  );
}

async function createLink(body: Record<string, unknown>) {
  return (await request(app()).post('/v1/links').set(acme.auth).send(body).expect(201)).body as { id: string; slug: string; title: string | null };
}

it('serves lists, single links, stats and redirect loads from the replica once it has the data', async () => {
  const link = await createLink({ url: 'https://example.com/replicated', slug: 'replicated' });
  // Read-your-writes holds the workspace on the primary until the replica has replayed the create.
  const before = { links: await reads('links', 'replica', { absent: 0 }), analytics: await reads('analytics', 'replica', { absent: 0 }) };
  await eventually(
    async () => {
      const list = await request(app()).get('/v1/links').set(acme.auth).expect(200);
      expect(list.body.data.map((l: { id: string }) => l.id)).toContain(link.id);
      return (await reads('links', 'replica', { absent: 0 })) > before.links;
    },
    5000,
    'a list read from the replica',
  );
  expect((await request(app()).get(`/v1/links/${link.id}`).set(acme.auth).expect(200)).body.id).toBe(link.id);
  await request(app()).get(`/v1/links/${link.id}/stats`).set(acme.auth).expect(200);
  expect(await reads('analytics', 'replica')).toBeGreaterThan(before.analytics);
  // A redirect load may go to the replica once a check (every 100 ms) found it
  // past the slug's invalidation — whose notice can reach this process after the
  // check that let the list through; a few checks later it certainly has.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const redirectLoads = await reads('links', 'replica');
  await request(app()).get('/replicated').expect(302).expect('Location', 'https://example.com/replicated');
  expect(await reads('links', 'replica')).toBeGreaterThan(redirectLoads);
  expect(await metricValue(app(), 'shortline_db_replica_lag_seconds', { replica: 'replica-1' })).toBeLessThan(MAX_LAG_MS / 1000);
});

it("reads a workspace's own writes at once, from the primary, while the replica has not replayed them", async () => {
  const link = await createLink({ url: 'https://example.com/ryw', title: 'before' });
  await eventually(
    async () =>
      (await request(app()).get(`/v1/links/${link.id}`).set(acme.auth)).status === 200 && (await reads('links', 'replica', { absent: 0 })) > 0,
  );
  await standbyAdmin.raw('select pg_wal_replay_pause()');

  await request(app()).patch(`/v1/links/${link.id}`).set(acme.auth).send({ title: 'after', url: 'https://example.com/ryw-2' }).expect(200);
  // Still in rotation (paused for less than REPLICA_MAX_LAG_MS), but behind this workspace's write.
  const onReplica = await reads('links', 'replica');
  expect((await request(app()).get(`/v1/links/${link.id}`).set(acme.auth).expect(200)).body.title).toBe('after');
  const list = await request(app()).get('/v1/links').set(acme.auth).expect(200);
  expect(list.body.data.find((l: { id: string }) => l.id === link.id).title).toBe('after');
  // The redirect cache reloads the slug from the primary too: the replica still has the old URL.
  await request(app()).get(`/${link.slug}`).expect(302).expect('Location', 'https://example.com/ryw-2');
  expect(await reads('links', 'replica')).toBe(onReplica);
  // The replica really is behind: it still has the old title.
  const stale = await standbyAdmin.raw<{ rows: { title: string }[] }>('select title from links.links where id = ?', [link.id]);
  expect(stale.rows[0].title).toBe('before');
});

it('takes a replica lagging past REPLICA_MAX_LAG_MS out of rotation, and back once it catches up', async () => {
  const other = await createWorkspace(app(), 'Other');
  await standbyAdmin.raw('select pg_wal_replay_pause()');
  await createLink({ url: 'https://example.com/while-paused' }); // WAL the replica does not replay
  await inRotation(0);
  expect(await metricValue(app(), 'shortline_db_replica_lag_seconds', { replica: 'replica-1' })).toBeGreaterThan(MAX_LAG_MS / 1000);
  // A workspace with no recent write reads from the primary now, and sees current data.
  const onPrimary = await reads('links', 'primary');
  await request(app()).get('/v1/links').set(other.auth).expect(200);
  expect(await reads('links', 'primary')).toBe(onPrimary + 1);

  await standbyAdmin.raw('select pg_wal_replay_resume()');
  await inRotation(1);
});

it('falls back to the primary when the replica is down, with no failed request, and takes it back when it returns', async () => {
  await createLink({ url: 'https://example.com/down' });
  await standby.stop();
  try {
    // Each read succeeds: from the primary, either at once (out of rotation) or after the replica failed (fallback).
    for (let i = 0; i < 5; i++) await request(app()).get('/v1/links').set(acme.auth).expect(200);
    await inRotation(0);
    const onPrimary = await reads('links', 'primary');
    await request(app()).get('/v1/links').set(acme.auth).expect(200);
    expect(await reads('links', 'primary')).toBe(onPrimary + 1);
  } finally {
    await standby.start();
  }
  await inRotation(1);
});

it('keeps a healthy replica in rotation while another hangs (checked apart, each with a timeout)', async () => {
  const hung = await startEmbeddedStandby({
    primaryDataDir: primary.dataDir,
    primaryAdminUrl: primary.adminUrl,
    dataDir: path.join(dir, 'standby-2'),
    port: await freePort(),
    databaseName: 'shortline',
    logger,
  });
  const two = withReplicas(`${standby.url},${hung.url}`);
  await two.start();
  const rotation = async (replica: string) => metricValue(two.app, 'shortline_db_replica_in_rotation', { replica });
  let frozen: number[] = [];
  try {
    await eventually(async () => (await rotation('replica-1')) === 1 && (await rotation('replica-2')) === 1, 10_000, 'both replicas in rotation');
    // Answers nothing, refuses nothing: the postmaster and every process it runs (sessions, replay) frozen.
    frozen = [
      hung.pid!,
      ...execFileSync('pgrep', ['-P', String(hung.pid)])
        .toString()
        .trim()
        .split('\n')
        .map(Number),
    ];
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    await eventually(async () => (await rotation('replica-2')) === 0, 10_000, 'the hung replica out of rotation');
    // Three lag bounds later the healthy one has never left.
    for (let i = 0; i < 15; i++) {
      expect(await rotation('replica-1')).toBe(1);
      await new Promise((r) => setTimeout(r, (3 * MAX_LAG_MS) / 15));
    }
  } finally {
    for (const pid of frozen) process.kill(pid, 'SIGCONT');
    await two.stop();
    await hung.destroy();
  }
}, 60_000);

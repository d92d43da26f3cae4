import knex, { type Knex } from 'knex';
import request from 'supertest';
import { createTestApp, createWorkspace, type TestApp, type TestWorkspace } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { eventually } from '../../support/receiver';

/**
 * The trail with SHARDS: a workspace on shard "s1" has its links' entries
 * there, and its keys', members' and domains' entries on main (their modules
 * are global and publish there). GET /v1/audit, served by s1, reads both —
 * before and after the workspace moves to main and back.
 */
let t: TestApp;
let shard: TestDatabase;
let mainDb: Knex;
let shardDb: Knex;
let globex: TestWorkspace;
const made: { action: string; targetId: string }[] = [];

beforeAll(async () => {
  shard = await createTestDatabase();
  t = await createTestApp({ SHARDS: `s1=${shard.url}`, WORKER: 'inline', WORKER_POLL_INTERVAL_MS: '100' });
  mainDb = knex({ client: 'pg', connection: t.database.url, pool: { min: 0, max: 2 } });
  shardDb = knex({ client: 'pg', connection: shard.url, pool: { min: 0, max: 2 } });
  // Placement: main first, then the emptier shard.
  await createWorkspace(t.app, 'Acme');
  globex = await createWorkspace(t.app, 'Globex');
  expect((await mainDb('identity.workspaces').where({ id: globex.id }).first()).shard).toBe('s1');

  const link = (await request(t.app).post('/v1/links').set(globex.auth).send({ url: 'https://example.com/g' }).expect(201)).body;
  const domain = (await request(t.app).post('/v1/domains').set(globex.auth).send({ hostname: 'go.globex.example' }).expect(201)).body;
  const key = (
    await request(t.app)
      .post('/v1/api-keys')
      .set(globex.auth)
      .send({ name: 'CI', scopes: ['links:read'] })
      .expect(201)
  ).body;
  made.push(
    { action: 'link.created', targetId: link.id },
    { action: 'domain.created', targetId: domain.id },
    { action: 'api_key.created', targetId: key.id },
  );
});
afterAll(async () => {
  await mainDb.destroy();
  await shardDb.destroy();
  await t.close();
  await shard.drop();
});

const trail = async (auth: Record<string, string> = globex.auth) =>
  (await request(t.app).get('/v1/audit?limit=100').set(auth).expect(200)).body.data as { id: string; action: string; target: { id: string } }[];

/** The trail, once every change made above is in it. */
const complete = (auth?: Record<string, string>) =>
  eventually(
    async () => {
      const entries = await trail(auth);
      return made.every((m) => entries.some((e) => e.action === m.action && e.target.id === m.targetId)) && entries;
    },
    10_000,
    'every entry',
  );

const rows = async (db: Knex, table: string) => (await db(`audit.${table}`).where({ workspace_id: globex.id }).pluck('action')).sort();

it("records a shard's workspace's link changes on its shard and its global changes on main, and reads both", async () => {
  const entries = await complete();
  expect(entries.map((e) => e.action).sort()).toEqual(['api_key.created', 'api_key.created', 'domain.created', 'link.created']);
  expect(await rows(shardDb, 'entries')).toEqual(['link.created']);
  expect(await rows(mainDb, 'global_entries')).toEqual(['api_key.created', 'api_key.created', 'domain.created']);
  expect(await rows(mainDb, 'entries')).toEqual([]);
  expect(await rows(shardDb, 'global_entries')).toEqual([]);
});

it('reads the same trail for a signed-in person of that workspace', async () => {
  const password = 'correct horse battery staple';
  await t.shortline.apis.get('identity').createUser({ email: 'gina@globex.example', name: 'Gina', password, workspaceId: globex.id, role: 'admin' });
  made.push({ action: 'member.added', targetId: (await mainDb('identity.users').where({ email: 'gina@globex.example' }).first()).id });
  const res = await request(t.app).post('/v1/session').send({ email: 'gina@globex.example', password }).expect(200);
  const cookie = (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
  expect((await complete({ Cookie: cookie })).map((e) => e.id).sort()).toEqual((await trail()).map((e) => e.id).sort());
});

it('keeps every entry, once, when the workspace moves to main and back', async () => {
  const before = (await complete()).map((e) => e.id).sort();
  await t.shortline.moveWorkspace(globex.id, 'main', { graceMs: 0 });
  expect((await trail()).map((e) => e.id).sort()).toEqual(before);
  expect(await rows(mainDb, 'entries')).toEqual(['link.created']);

  // Recorded on main while it lives there: a change of a link, and one of a key (global either way).
  const link = (await request(t.app).post('/v1/links').set(globex.auth).send({ url: 'https://example.com/moved' }).expect(201)).body;
  made.push({ action: 'link.created', targetId: link.id });
  const after = (await complete()).map((e) => e.id).sort();
  expect(after).toHaveLength(before.length + 1);

  await t.shortline.moveWorkspace(globex.id, 's1', { graceMs: 0 });
  expect((await trail()).map((e) => e.id).sort()).toEqual(after);
  expect(await rows(shardDb, 'entries')).toEqual(['link.created', 'link.created']);
  expect(await rows(mainDb, 'entries')).toEqual([]);
  expect(await rows(mainDb, 'global_entries')).toEqual(['api_key.created', 'api_key.created', 'domain.created', 'member.added']);
});

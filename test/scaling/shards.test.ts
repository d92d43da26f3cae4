import { spawn } from 'node:child_process';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import request from 'supertest';
import { createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startDnsServer, type TestDnsServer } from '../support/dns-server';
import { verifiedDomain } from '../support/domains';
import { CHROME_MAC, SAFARI_IPHONE } from '../support/user-agents';

/**
 * Tenant sharding with two real databases: main (DATABASE_URL) and shard
 * "s1" (SHARDS). Placement, isolation, routing of the API and of redirects,
 * service-wide slugs, the write pause and moving a workspace between them.
 */

let t: TestApp;
let shard: TestDatabase;
let dns: TestDnsServer;
let mainDb: Knex;
let shardDb: Knex;
let acme: TestWorkspace;
let globex: TestWorkspace;

beforeAll(async () => {
  shard = await createTestDatabase();
  dns = await startDnsServer();
  t = await createTestApp({ SHARDS: `s1=${shard.url}`, STATS_CACHE_TTL_S: '0', OUTBOUND_ALLOW: '127.0.0.1', DOMAINS_DNS_SERVERS: dns.address });
  mainDb = knex({ client: 'pg', connection: t.database.url, pool: { min: 0, max: 2 } });
  shardDb = knex({ client: 'pg', connection: shard.url, pool: { min: 0, max: 2 } });
  // Placement: the shard with the fewest workspaces, main first on a tie.
  acme = await createWorkspace(t.app, 'Acme');
  globex = await createWorkspace(t.app, 'Globex');
});
afterAll(async () => {
  await mainDb.destroy();
  await shardDb.destroy();
  await t.close();
  await shard.drop();
  await dns.close();
});

const shardOf = async (ws: TestWorkspace) => (await mainDb('identity.workspaces').where({ id: ws.id }).first<{ shard: string }>('shard')).shard;
const linkRows = (db: Knex, ws: TestWorkspace) => db('links.links').where({ workspace_id: ws.id }).orderBy('slug').pluck('slug');
const createLink = async (ws: TestWorkspace, slug: string) =>
  (
    await request(t.app)
      .post('/v1/links')
      .set(ws.auth)
      .send({ url: `https://example.com/${slug}`, slug })
      .expect(201)
  ).body as { id: string; slug: string };

/** Writes the clicks buffered by every shard's analytics and rolls them up there. */
async function settleClicks(): Promise<void> {
  for (const cell of t.shortline.cells.values()) {
    await cell.apis.get('analytics').flushClicks();
    await cell.apis.get('analytics').rollUp();
  }
}

test('new workspaces are spread over the shards: main, then the emptier one', async () => {
  expect(await shardOf(acme)).toBe('main');
  expect(await shardOf(globex)).toBe('s1');
  const third = await createWorkspace(t.app, 'Initech');
  expect(await shardOf(third)).toBe('main');
});

describe('a workspace on a shard', () => {
  let link: { id: string; slug: string };
  beforeAll(async () => {
    link = await createLink(globex, 'globex-home');
    await createLink(acme, 'acme-home');
  });

  test('its links are stored on its shard only, and its slugs in the directory on main', async () => {
    expect(await linkRows(shardDb, globex)).toEqual(['globex-home']);
    expect(await linkRows(mainDb, globex)).toEqual([]);
    expect(await linkRows(mainDb, acme)).toEqual(['acme-home']);
    expect(await linkRows(shardDb, acme)).toEqual([]);
    const directory = await mainDb('links.slug_directory').whereIn('slug_key', ['globex-home', 'acme-home']).orderBy('slug_key');
    expect(directory).toEqual([
      { slug_key: 'acme-home', workspace_id: acme.id },
      { slug_key: 'globex-home', workspace_id: globex.id },
    ]);
  });

  test("the API routes by the key: each workspace sees its own links and never the other shard's", async () => {
    expect((await request(t.app).get(`/v1/links/${link.id}`).set(globex.auth).expect(200)).body.slug).toBe('globex-home');
    expectProblem(await request(t.app).get(`/v1/links/${link.id}`).set(acme.auth), 404);
    const listed = await request(t.app).get('/v1/links').set(acme.auth).expect(200);
    expect(listed.body.data.map((l: { slug: string }) => l.slug)).toEqual(['acme-home']);
    expectProblem(await request(t.app).patch(`/v1/links/${link.id}`).set(acme.auth).send({ title: 'mine now' }), 404);
    expectProblem(await request(t.app).delete(`/v1/links/${link.id}`).set(acme.auth), 404);
    expect(await linkRows(shardDb, globex)).toEqual(['globex-home']);
  });

  test("a signed-in person's API calls go to their workspace's shard, as its keys' do", async () => {
    const password = 'correct horse battery staple';
    await t.shortline.apis.get('identity').createUser({ email: 'gus@globex.example', name: 'Gus', password, workspaceId: globex.id, role: 'member' });
    const session = await request(t.app).post('/v1/session').send({ email: 'gus@globex.example', password }).expect(200);
    const cookie = (session.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    await request(t.app)
      .post('/v1/links')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', session.body.csrfToken)
      .send({ url: 'https://example.com/gus', slug: 'globex-gus' })
      .expect(201);
    expect(await linkRows(shardDb, globex)).toContain('globex-gus');
    const listed = await request(t.app).get('/v1/links').set('Cookie', cookie).expect(200);
    expect(listed.body.data.map((l: { slug: string }) => l.slug)).toContain('globex-gus');
    await request(t.app)
      .delete(`/v1/links/${listed.body.data.find((l: { slug: string }) => l.slug === 'globex-gus').id}`)
      .set(globex.auth)
      .expect(204);
  });

  test("redirects find the slug's shard through the directory, then serve it from that shard's cache", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await request(t.app).get('/GLOBEX-home').set('User-Agent', CHROME_MAC).expect(302);
      expect(res.headers.location).toBe('https://example.com/globex-home');
    }
    await request(t.app).get('/acme-home').expect(302);
    expectProblem(await request(t.app).get('/nobody-has-this').set('Accept', 'application/json'), 404);
  });

  test("public QR codes find the slug's shard through the directory too", async () => {
    const res = await request(t.app).get('/GLOBEX-home/qr').expect(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expectProblem(await request(t.app).get('/nobody-has-this/qr'), 404);
  });

  test('slugs are unique across shards, ignoring case, for creates and renames', async () => {
    const taken = await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/x', slug: 'Globex-Home' });
    expect(expectProblem(taken, 409).detail).toMatch(/taken/);
    const other = await createLink(acme, 'acme-other');
    expectProblem(await request(t.app).patch(`/v1/links/${other.id}`).set(acme.auth).send({ slug: 'globex-HOME' }), 409);
    // A rename on the shard frees the old slug service-wide and claims the new one.
    await request(t.app).patch(`/v1/links/${link.id}`).set(globex.auth).send({ slug: 'globex-main' }).expect(200);
    expect(await mainDb('links.slug_directory').where({ workspace_id: globex.id }).pluck('slug_key')).toEqual(['globex-main']);
    await request(t.app).get('/globex-main').set('User-Agent', CHROME_MAC).expect(302);
    expectProblem(await request(t.app).get('/globex-home').set('Accept', 'application/json'), 404);
    // ... which another shard's workspace may now take.
    await createLink(acme, 'globex-home');
    await request(t.app).get('/globex-home').expect(302);
    expect(await mainDb('links.slug_directory').where({ slug_key: 'globex-home' }).pluck('workspace_id')).toEqual([acme.id]);
  });

  test("a create refused on the shard (the workspace's limit) gives its slug back", async () => {
    await t.shortline.cells.get('s1')!.apis.get('links').setWorkspaceLimit(globex.id, 1);
    expectProblem(await request(t.app).post('/v1/links').set(globex.auth).send({ url: 'https://example.com/over', slug: 'over-limit' }), 403);
    expect(await mainDb('links.slug_directory').where({ slug_key: 'over-limit' })).toEqual([]);
    await t.shortline.cells.get('s1')!.apis.get('links').setWorkspaceLimit(globex.id, null);
  });

  test('its clicks are stored and rolled up on its shard, and its stats read there', async () => {
    await request(t.app).get('/globex-main').set('User-Agent', SAFARI_IPHONE).expect(302);
    await settleClicks();
    const clicksOnShard = await shardDb('analytics.clicks').where({ workspace_id: globex.id }).count<{ n: string }[]>('* as n');
    // Two visits in the redirect test, one after the rename, this one.
    expect(Number(clicksOnShard[0].n)).toBe(4);
    expect(await mainDb('analytics.clicks').where({ workspace_id: globex.id })).toEqual([]);
    const stats = await request(t.app).get(`/v1/links/${link.id}/stats`).set(globex.auth).expect(200);
    expect(stats.body.total).toBe(4);
  });

  test("/metrics shows each shard's own series", async () => {
    const text = (await request(t.app).get('/metrics').expect(200)).text;
    expect(text).toMatch(/shortline_db_pool_connections\{state="used",shard="s1"\}/);
    expect(text).toMatch(/shortline_db_pool_connections\{state="used"\} /);
    expect(text.match(/^# TYPE shortline_db_pool_connections gauge$/gm)).toHaveLength(1);
    // Main's process metrics come through the merge as they are.
    expect(text).toMatch(/^shortline_process_start_time_seconds \d+/m);
  });
});

describe('workspace:move', () => {
  test('moves every row of the workspace, keeps it served, and leaves the old shard without it', async () => {
    const before = (await request(t.app).get('/v1/links').set(globex.auth).expect(200)).body.data as { id: string; slug: string }[];
    const linkId = before.find((l) => l.slug === 'globex-main')!.id;
    const stats = (await request(t.app).get(`/v1/links/${linkId}/stats`).set(globex.auth).expect(200)).body;
    const hook = (
      await request(t.app)
        .post('/v1/webhooks')
        .set(globex.auth)
        .send({ url: 'http://127.0.0.1:9/hook', events: ['link.created'] })
        .expect(201)
    ).body;

    const report = await t.shortline.moveWorkspace(globex.id, 'main', { graceMs: 0 });
    expect(report).toMatchObject({ from: 's1', to: 'main', notCarried: {} });
    expect(report.rows['links.links']).toBe(before.length);
    expect(report.rows['analytics.clicks']).toBe(4);

    expect(await shardOf(globex)).toBe('main');
    expect(await linkRows(shardDb, globex)).toEqual([]);
    expect(await shardDb('analytics.clicks').where({ workspace_id: globex.id })).toEqual([]);
    expect(await linkRows(mainDb, globex)).toEqual(before.map((l) => l.slug).sort());

    // The same answers from the new shard: links, stats, redirects; and writes land there.
    expect((await request(t.app).get('/v1/links').set(globex.auth).expect(200)).body.data).toEqual(before);
    expect((await request(t.app).get(`/v1/links/${linkId}/stats`).set(globex.auth).expect(200)).body).toEqual(stats);
    await request(t.app).get('/globex-main').expect(302);
    expect((await request(t.app).get('/v1/webhooks').set(globex.auth).expect(200)).body.data.map((w: { id: string }) => w.id)).toEqual([hook.id]);
    expect(await shardDb('webhooks.endpoints').where({ workspace_id: globex.id })).toEqual([]);
    await createLink(globex, 'after-move');
    expect(await linkRows(mainDb, globex)).toContain('after-move');
    await settleClicks();
    expect(await mainDb('analytics.clicks').where({ workspace_id: globex.id }).count<{ n: string }[]>('* as n')).toEqual([{ n: '5' }]);

    // And back: the move runs either way.
    await t.shortline.moveWorkspace(globex.id, 's1', { graceMs: 0 });
    expect(await linkRows(shardDb, globex)).toEqual([...before.map((l) => l.slug), 'after-move'].sort());
    await request(t.app).get('/after-move').expect(302);
  });

  test("while a move runs the workspace's writes get 503 with Retry-After; its reads and redirects go on", async () => {
    const identity = t.shortline.apis.get('identity');
    await identity.beginMove(globex.id);
    try {
      const refused = await request(t.app).post('/v1/links').set(globex.auth).send({ url: 'https://example.com/paused' });
      expectProblem(refused, 503);
      expect(refused.headers['retry-after']).toBe('5');
      await request(t.app).get('/v1/links').set(globex.auth).expect(200);
      await request(t.app).get('/globex-main').expect(302);
      // Another workspace's writes are not paused.
      await createLink(acme, 'not-paused');
      await expect(t.shortline.moveWorkspace(globex.id, 'main', { graceMs: 0 })).rejects.toThrow(/being moved already/);
    } finally {
      await identity.endMove(globex.id, 's1');
    }
    await createLink(globex, 'resumed');
  });

  test('refuses unknown shards, unknown workspaces and a move to where the workspace is', async () => {
    await expect(t.shortline.moveWorkspace(globex.id, 'nowhere')).rejects.toThrow(/No shard is named "nowhere" \(configured: main, s1\)/);
    await expect(t.shortline.moveWorkspace('00000000-0000-4000-8000-000000000000', 'main')).rejects.toThrow(/No workspace has the id/);
    await expect(t.shortline.moveWorkspace(globex.id, 's1')).rejects.toThrow(/on shard "s1" already/);
    expect(await shardOf(globex)).toBe('s1');
  });

  test('npm run cli -- workspace:move runs from another process; this one pauses, then writes to the new shard, losing nothing', async () => {
    // Cached in this process's s1 cell before the move.
    await request(t.app).get('/resumed').expect(302);
    expect((await cli('shards')).stdout).toBe('main  2 workspace(s)\ns1  1 workspace(s)\n');

    // While the move runs this process keeps serving (the child is not awaited synchronously).
    const moving = cli('workspace:move', globex.id, 'main', '--grace-ms', '300');
    const during: number[] = [];
    let done = false;
    void moving.then(() => (done = true));
    while (!done) {
      during.push((await request(t.app).post('/v1/links').set(globex.auth).send({ url: 'https://example.com/during' })).status);
      await sleep(20);
    }
    const moved = await moving;
    expect(moved.stderr).toBe('');
    expect(moved.code).toBe(0);
    expect(moved.stdout).toMatch(
      new RegExp(
        `^Moved workspace ${globex.id} from "s1" to "main"\\.\\nWrites paused \\d+ ms \\(copy \\d+ ms\\)\\. Rows copied:\\n  links\\.links: \\d+\\n`,
      ),
    );
    expect(during).toContain(503);
    expect(during.every((status) => status === 201 || status === 503)).toBe(true);

    // Every link created before or during the move is on main now, none on s1.
    const created = during.filter((status) => status === 201).length;
    expect((await linkRows(mainDb, globex)).filter((slug) => slug !== 'globex-main' && slug !== 'after-move' && slug !== 'resumed')).toHaveLength(
      created,
    );
    expect(await linkRows(shardDb, globex)).toEqual([]);
    // Writes resume on main once this process heard the move end; the cached redirect was evicted from s1's cache.
    const deadline = Date.now() + 2000;
    let status = 0;
    while (status !== 201 && Date.now() < deadline) {
      status = (await request(t.app).post('/v1/links').set(globex.auth).send({ url: 'https://example.com/after', slug: 'after-cli-move' })).status;
      if (status !== 201) await sleep(20);
    }
    expect(await linkRows(mainDb, globex)).toContain('after-cli-move');
    await request(t.app).get('/resumed').expect(302);

    const usage = await cli('workspace:move', globex.id);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/workspace:move needs a workspace id and a shard name[\s\S]*Usage: npm run cli/);
    const unknown = await cli('workspace:move', globex.id, 'nowhere');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('Failed: No shard is named "nowhere" (configured: main, s1)\n');
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `npm run cli -- <args>` against this test's databases, in a child process. */

describe('custom domains with shards', () => {
  let hooli: TestWorkspace;
  let domain: { id: string; hostname: string };
  const onDomain = (path: string) => request(t.app).get(path).set('Host', 'go.hooli.example');
  beforeAll(async () => {
    hooli = await createWorkspace(t.app, 'Hooli');
    domain = await verifiedDomain(t.app, dns, hooli, 'go.hooli.example');
  });

  test("a domain lives on main whatever its workspace's shard; its links on that shard, their keys in main's directory", async () => {
    expect(await shardOf(hooli)).toBe('s1');
    expect(await mainDb('domains.domains').where({ workspace_id: hooli.id }).pluck('hostname')).toEqual(['go.hooli.example']);
    expect(await shardDb('domains.domains')).toEqual([]);
    await request(t.app)
      .post('/v1/links')
      .set(hooli.auth)
      .send({ url: 'https://example.com/hooli', slug: 'promo', domain: domain.hostname })
      .expect(201);
    expect(await shardDb('links.links').where({ workspace_id: hooli.id }).select('domain', 'slug')).toEqual([
      { domain: 'go.hooli.example', slug: 'promo' },
    ]);
    expect(await mainDb('links.slug_directory').where({ workspace_id: hooli.id }).pluck('slug_key')).toEqual(['go.hooli.example/promo']);
    // The same slug on the default domain is another key, free for anyone.
    await createLink(acme, 'promo');
    expectProblem(await request(t.app).delete(`/v1/domains/${domain.id}`).set(hooli.auth), 409);
  });

  test("redirects on a custom domain reach the shard of the domain's workspace, the default domain's slug its own", async () => {
    for (let i = 0; i < 2; i++) expect((await onDomain('/promo').expect(302)).headers.location).toBe('https://example.com/hooli');
    expect((await request(t.app).get('/promo').expect(302)).headers.location).toBe('https://example.com/promo');
    expectProblem(await onDomain('/acme-home').set('Accept', 'application/json'), 404);
  });

  test("workspace:move keeps a domain's links served, and the old shard's cache forgets their keys", async () => {
    await onDomain('/promo').expect(302); // cached in s1's cell
    await t.shortline.moveWorkspace(hooli.id, 'main', { graceMs: 0 });
    expect(await mainDb('links.links').where({ workspace_id: hooli.id }).select('domain', 'slug')).toEqual([
      { domain: 'go.hooli.example', slug: 'promo' },
    ]);
    const [link] = (await request(t.app).get('/v1/links').set(hooli.auth).expect(200)).body.data;
    await request(t.app).patch(`/v1/links/${link.id}`).set(hooli.auth).send({ url: 'https://example.com/moved' }).expect(200);
    // Were the key still cached in s1's cell, its fast path would answer the old URL.
    for (let i = 0; i < 2; i++) expect((await onDomain('/promo').expect(302)).headers.location).toBe('https://example.com/moved');
    await t.shortline.moveWorkspace(hooli.id, 's1', { graceMs: 0 });
    expect((await onDomain('/promo').expect(302)).headers.location).toBe('https://example.com/moved');
  });
});

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'src/bin/cli.ts', ...args], {
    cwd: path.join(__dirname, '..', '..'),
    env: { PATH: process.env.PATH ?? '', LOG_FORMAT: 'json', DATABASE_URL: t.database.url, SHARDS: `s1=${shard.url}` },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

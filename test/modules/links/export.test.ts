import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../../support/app';
import { metricValue } from '../../support/metrics';
import { CHROME_MAC } from '../../support/user-agents';

let t: TestApp;
let acme: TestWorkspace;
let globex: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  acme = await createWorkspace(t.app, 'Acme');
  globex = await createWorkspace(t.app, 'Globex');
});
afterAll(() => t.close());

const create = (body: object, ws = acme) => request(t.app).post('/v1/links').set(ws.auth).send(body).expect(201);
const exportLinks = (query: string, ws = acme) => request(t.app).get(`/v1/links/export${query}`).set(ws.auth);
const lines = (text: string) =>
  text
    .split('\r\n')
    .join('\n')
    .split('\n')
    .filter((line) => line !== '');

describe('GET /v1/links/export', () => {
  let first: { id: string; createdAt: string };
  let second: { id: string; createdAt: string };
  beforeAll(async () => {
    first = (await create({ url: 'https://example.com/a', slug: 'export-a', title: 'Spring, "launch"', tags: ['news', 'q1'] })).body;
    second = (await create({ url: 'https://example.com/b', slug: 'export-b', title: '=HYPERLINK("https://evil.example")', tags: ['@once'] })).body;
    await create({ url: 'https://example.com/other', slug: 'export-globex' }, globex);
    for (let i = 0; i < 3; i++) await request(t.app).get('/export-a').set('User-Agent', CHROME_MAC).expect(302);
    await t.shortline.apis.get('analytics').flushClicks();
    await t.shortline.apis.get('analytics').rollUp();
  });

  it('streams the workspace’s links as CSV, oldest first, with the import’s header and each link’s clicks', async () => {
    const res = await exportLinks('').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename=links.csv');
    expect(lines(res.text)).toEqual([
      'slug,url,domain,title,tags,expiresAt,createdAt,clicks',
      `"export-a","https://example.com/a",,"Spring, ""launch""","news,q1",,"${first.createdAt}",3`,
      `"export-b","https://example.com/b",,"'=HYPERLINK(""https://evil.example"")","'@once",,"${second.createdAt}",0`,
    ]);
  });

  it('streams one Link per line as NDJSON, as GET /v1/links/:id shows it, with its clicks', async () => {
    const res = await exportLinks('?format=ndjson').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(res.headers['content-disposition']).toBe('attachment; filename=links.ndjson');
    const exported = lines(res.text).map((line) => JSON.parse(line) as Record<string, unknown>);
    const shown = (await request(t.app).get(`/v1/links/${first.id}`).set(acme.auth).expect(200)).body;
    expect(exported.map((link) => link.id)).toEqual([first.id, second.id]);
    expect(exported[0]).toEqual({ ...shown, clicks: 3 });
  });

  it('never exports another workspace’s links, and exports only the header for a workspace without any', async () => {
    expect(lines((await exportLinks('', globex).expect(200)).text)).toHaveLength(2);
    const empty = await createWorkspace(t.app, 'Empty');
    expect(lines((await exportLinks('', empty).expect(200)).text)).toEqual(['slug,url,domain,title,tags,expiresAt,createdAt,clicks']);
    expect((await exportLinks('?format=ndjson', empty).expect(200)).text).toBe('');
  });

  it('streams past one batch without losing or repeating a link, and counts the rows in /metrics', async () => {
    const bulk = await createWorkspace(t.app, 'Bulk');
    for (let n = 0; n < 3; n++) {
      const links = Array.from({ length: 800 }, (_, i) => ({ url: `https://example.com/${n}/${i}`, slug: `bulk-${n}-${i}` }));
      expect((await request(t.app).post('/v1/links/bulk').set(bulk.auth).send({ links }).expect(200)).body.created).toBe(800);
    }
    const before = await metricValue(t.app, 'shortline_export_rows_total', { kind: 'links' });
    const slugs = lines((await exportLinks('', bulk).expect(200)).text)
      .slice(1)
      .map((line) => line.split(',')[0]);
    expect(slugs).toHaveLength(2400);
    expect(new Set(slugs).size).toBe(2400);
    expect(await metricValue(t.app, 'shortline_export_rows_total', { kind: 'links' })).toBe(before + 2400);
  });

  it('stops the query and gives its connection back when the client goes away midway', async () => {
    const big = await createWorkspace(t.app, 'Big');
    // More than the sockets' buffers take, so the export waits on the client (straight into the table: 30,000 creates would be slow).
    await t.shortline.db.platform.raw(
      `insert into links.links (workspace_id, slug, url, title) select ?, 'big-' || i, 'https://example.com/big/' || i, repeat('x', 200) from generate_series(1, 30000) i`,
      [big.id],
    );
    const openCursors = async () =>
      (
        await t.shortline.db.platform.raw<{ rows: { n: number }[] }>(
          "select count(*)::int as n from pg_stat_activity where datname = current_database() and query like 'fetch forward%'",
        )
      ).rows[0].n;
    const server = t.app.listen(0);
    try {
      const { port } = server.address() as AddressInfo;
      const response = await new Promise<http.IncomingMessage>((resolve, reject) =>
        http.get({ port, path: '/v1/links/export', headers: big.auth }, resolve).on('error', reject),
      );
      expect(response.statusCode).toBe(200);
      response.pause();
      await until(async () => (await openCursors()) === 1);
      response.destroy();
      await until(async () => (await openCursors()) === 0);
    } finally {
      server.close();
    }
  });

  it('refuses an unknown format or query parameter with 400', async () => {
    const format = expectProblem(await exportLinks('?format=xlsx'), 400);
    expect(format.errors).toEqual([{ field: 'query.format', message: 'must be csv or ndjson' }]);
    expectProblem(await exportLinks('?format=csv&limit=10'), 400);
    expectProblem(await exportLinks('?format=%00'), 400);
  });

  it('needs a key with links:read', async () => {
    expectProblem(await request(t.app).get('/v1/links/export'), 401);
    const key = await request(t.app)
      .post('/v1/api-keys')
      .set(acme.auth)
      .send({ name: 'domains', scopes: ['domains:read'] })
      .expect(201);
    expectProblem(await request(t.app).get('/v1/links/export').set('Authorization', `Bearer ${key.body.key}`), 403);
  });
});

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  for (const started = Date.now(); !(await condition()); await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() - started > timeoutMs) throw new Error('the condition did not come true in time');
  }
}

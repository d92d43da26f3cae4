import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../../support/app';
import { metricValue } from '../../support/metrics';
import { eventually } from '../../support/receiver';

/**
 * Imports over HTTP and real PostgreSQL, run by the job runner in this
 * process: each format's export becomes links, with tags, expiry and the
 * clicks the source counted; a file imported twice creates nothing new; a
 * taken slug is skipped, renamed or stops the run; bad files and bad
 * requests get a clear answer.
 */

interface Run {
  id: string;
  format: string;
  status: string;
  bytes: number;
  sha256: string | null;
  rows: { read: number; created: number; skipped: number; failed: number };
  error: string | null;
  failures?: { row: number; reason: string }[];
  failuresOmitted?: number;
}

let t: TestApp;
let acme: TestWorkspace;
let globex: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp({ WORKER: 'inline', WORKER_POLL_INTERVAL_MS: '100', IMPORTS_MAX_UPLOAD: '64kb' });
  acme = await createWorkspace(t.app, 'Acme');
  globex = await createWorkspace(t.app, 'Globex');
});
afterAll(async () => {
  await t.close();
});

// As text: supertest would send a Buffer with Content-Type application/json as the Buffer's JSON.
const fixture = (name: string) => readFileSync(path.join(__dirname, '../../fixtures/imports', name), 'utf8');
const CSV = 'text/csv';
const JSON_TYPE = 'application/json';

function upload(ws: TestWorkspace, query: string, body: string | Buffer, type = CSV): request.Test {
  return request(t.app).post(`/v1/imports?${query}`).set(ws.auth).set('Content-Type', type).send(body);
}

/** Uploads the file and waits for its run to end. */
async function imported(ws: TestWorkspace, query: string, body: string | Buffer, type = CSV): Promise<Run> {
  const res = await upload(ws, query, body, type).expect(202);
  expect(res.headers.location).toBe(`/v1/imports/${res.body.id}`);
  return ended(ws, res.body.id);
}

async function ended(ws: TestWorkspace, id: string): Promise<Run> {
  return eventually(
    async () => {
      const run = (await request(t.app).get(`/v1/imports/${id}`).set(ws.auth).expect(200)).body as Run;
      return run.status === 'finished' || run.status === 'failed' ? run : undefined;
    },
    20_000,
    `import ${id} to end`,
  );
}

async function linkBySlug(ws: TestWorkspace, slug: string) {
  const links = (
    await request(t.app)
      .get(`/v1/links?q=${encodeURIComponent(slug)}&limit=100`)
      .set(ws.auth)
      .expect(200)
  ).body.data as {
    slug: string;
    url: string;
    title: string | null;
    tags: string[];
    expiresAt: string | null;
    importedClicks: number;
  }[];
  return links.find((link) => link.slug === slug);
}

describe('each format', () => {
  it("Shortline's own CSV export round-trips: slug, url, title, tags (comma-separated in one cell), expiry and clicks", async () => {
    const run = await imported(acme, 'format=shortline', fixture('shortline.csv'));
    expect(run).toMatchObject({ status: 'finished', rows: { read: 2, created: 2, skipped: 0, failed: 0 }, error: null });
    expect(await linkBySlug(acme, 'spring-launch')).toMatchObject({
      url: 'https://example.com/spring',
      title: 'Spring launch',
      tags: ['campaign', 'spring'],
      expiresAt: '2030-01-01T00:00:00.000Z',
      importedClicks: 42,
    });
    expect(await linkBySlug(acme, 'docs-home')).toMatchObject({ tags: [], expiresAt: null, importedClicks: 0 });
  });

  it('format csv without a mapping reads the same header as shortline', async () => {
    const ws = await createWorkspace(t.app, 'Plain CSV');
    // Slugs are unique across the service: the same links under other slugs.
    const run = await imported(ws, 'format=csv', fixture('shortline.csv').replace(/\n(spring-launch|docs-home),/g, '\nplain-$1,'));
    expect(run.rows).toEqual({ read: 2, created: 2, skipped: 0, failed: 0 });
  });

  it("Shlink's web-client CSV export: shortCode, longUrl, title, tags joined with |, visits as imported clicks", async () => {
    const run = await imported(acme, 'format=shlink', fixture('shlink.csv'));
    expect(run.rows).toEqual({ read: 2, created: 2, skipped: 0, failed: 0 });
    expect(await linkBySlug(acme, 'shl-first')).toMatchObject({
      url: 'https://example.org/first',
      title: 'First from Shlink',
      tags: ['news', '2024'],
      importedClicks: 1187,
    });
  });

  it("Shlink's REST API list as JSON: validUntil as expiry, visitsSummary.total as imported clicks", async () => {
    const run = await imported(acme, 'format=shlink', fixture('shlink.json'), JSON_TYPE);
    expect(run.rows).toEqual({ read: 1, created: 1, skipped: 0, failed: 0 });
    expect(await linkBySlug(acme, 'shl-api')).toMatchObject({
      tags: ['api', 'docs'],
      expiresAt: '2031-06-30T00:00:00.000Z',
      importedClicks: 73,
    });
  });

  it("YOURLS' yourls_url table as CSV: keyword, url, title, clicks", async () => {
    const run = await imported(acme, 'format=yourls', fixture('yourls.csv'));
    expect(run.rows).toEqual({ read: 2, created: 2, skipped: 0, failed: 0 });
    expect(await linkBySlug(acme, 'yrl-one')).toMatchObject({ url: 'https://example.net/one', title: 'One, with a comma', importedClicks: 5031 });
  });

  it("Kutt's GET /api/v2/links page: address, target, description, expire_in, visit_count", async () => {
    const run = await imported(acme, 'format=kutt', fixture('kutt.json'), JSON_TYPE);
    expect(run.rows).toEqual({ read: 2, created: 2, skipped: 0, failed: 0 });
    expect(await linkBySlug(acme, 'kutt-one')).toMatchObject({
      url: 'https://example.com/kutt-one',
      title: 'First from Kutt',
      expiresAt: '2032-01-01T00:00:00.000Z',
      importedClicks: 318,
    });
  });

  it('Kutt as a bare array of links', async () => {
    const ws = await createWorkspace(t.app, 'Kutt array');
    const links = (JSON.parse(fixture('kutt.json')).data as { address: string }[]).map((link) => ({ ...link, address: `array-${link.address}` }));
    expect((await imported(ws, 'format=kutt', JSON.stringify(links), JSON_TYPE)).rows.created).toBe(2);
  });

  it("Bitly's bitlinks JSON: the custom back-half as slug (else the generated one), long_url, title and tags", async () => {
    const run = await imported(acme, 'format=bitly', fixture('bitly.json'), JSON_TYPE);
    expect(run.rows).toEqual({ read: 2, created: 2, skipped: 0, failed: 0 });
    expect(await linkBySlug(acme, 'bitly-spring')).toMatchObject({ url: 'https://example.com/bitly-spring', tags: ['spring', 'social'] });
    expect(await linkBySlug(acme, '3yGenR8')).toMatchObject({ url: 'https://example.com/bitly-generated', title: null });
  });

  it("Bitly's CSV export: the Bitlink's back-half as slug, clicks as imported clicks", async () => {
    const run = await imported(acme, 'format=bitly', fixture('bitly.csv'));
    expect(run.rows.created).toBe(1);
    expect(await linkBySlug(acme, 'bitly-autumn')).toMatchObject({ tags: ['autumn', 'social'], importedClicks: 77 });
  });
});

describe('a mapping', () => {
  it('reads each field from the column it names', async () => {
    const mapping = encodeURIComponent(JSON.stringify({ url: 'Destination', slug: 'Code', tags: 'Labels', title: 'Name' }));
    const run = await imported(acme, `format=csv&mapping=${mapping}`, fixture('mapped.csv'));
    expect(run.rows).toEqual({ read: 2, created: 2, skipped: 0, failed: 0 });
    expect(await linkBySlug(acme, 'mapped-a')).toMatchObject({ url: 'https://example.com/mapped-a', tags: ['x', 'y'], title: 'Mapped A' });
  });

  it('naming a column the file lacks fails the run, saying which', async () => {
    const mapping = encodeURIComponent(JSON.stringify({ url: 'Target' }));
    const run = await imported(acme, `format=csv&mapping=${mapping}`, fixture('mapped.csv'));
    expect(run).toMatchObject({ status: 'failed', rows: { read: 0 } });
    expect(run.error).toMatch(/column "Target"/);
  });

  it.each([
    ['not JSON', 'url=Destination', /JSON object/],
    ['without url', JSON.stringify({ slug: 'Code' }), /url/],
    ['with a field Shortline lacks', JSON.stringify({ url: 'Destination', colour: 'C' }), /fields Shortline does not have/],
  ])('%s is a 400 naming query.mapping', async (_case, mapping, message) => {
    const problem = expectProblem(await upload(acme, `format=csv&mapping=${encodeURIComponent(mapping)}`, fixture('mapped.csv')), 400);
    expect(problem.errors).toEqual([{ field: 'query.mapping', message: expect.stringMatching(message) }]);
  });

  it('is only for format csv', async () => {
    const problem = expectProblem(await upload(acme, `format=shlink&mapping=${encodeURIComponent('{"url":"x"}')}`, fixture('shlink.csv')), 400);
    expect(problem.errors).toEqual([{ field: 'query.mapping', message: 'is only for format=csv' }]);
  });
});

describe('idempotency and conflicts', () => {
  const file = 'slug,url\nconf-a,https://example.com/a\nconf-b,https://example.com/b\n';

  it('the same file imported twice creates nothing the second time: its rows are skipped', async () => {
    const ws = await createWorkspace(t.app, 'Twice');
    expect((await imported(ws, 'format=csv', file)).rows).toEqual({ read: 2, created: 2, skipped: 0, failed: 0 });
    const again = await imported(ws, 'format=csv', file);
    expect(again.rows).toEqual({ read: 2, created: 0, skipped: 2, failed: 0 });
    expect((await request(t.app).get('/v1/links').set(ws.auth).expect(200)).body.data).toHaveLength(2);
  });

  it('rows without a slug are matched by URL: a re-run skips them', async () => {
    const ws = await createWorkspace(t.app, 'No slugs');
    const slugless = 'url,title\nhttps://example.com/one,One\nhttps://example.com/two,Two\n';
    expect((await imported(ws, 'format=csv', slugless)).rows.created).toBe(2);
    expect((await imported(ws, 'format=csv', slugless)).rows).toEqual({ read: 2, created: 0, skipped: 2, failed: 0 });
  });

  it('a repeated row within the file is the same link: created once, then skipped', async () => {
    const ws = await createWorkspace(t.app, 'Repeats');
    const run = await imported(ws, 'format=csv', 'slug,url\nrep,https://example.com/r\nrep,https://example.com/r\n');
    expect(run.rows).toEqual({ read: 2, created: 1, skipped: 1, failed: 0 });
  });

  describe('a slug another target holds', () => {
    let ws: TestWorkspace;
    const conflicting = 'slug,url\ntaken-here,https://example.com/new\nfree-one,https://example.com/free\n';
    beforeAll(async () => {
      ws = await createWorkspace(t.app, 'Conflicts');
      await request(t.app).post('/v1/links').set(ws.auth).send({ url: 'https://example.com/old', slug: 'taken-here' }).expect(201);
      // Taken in another workspace counts too: slugs are unique across the service.
      await request(t.app).post('/v1/links').set(globex.auth).send({ url: 'https://example.com/theirs', slug: 'taken-there' }).expect(201);
    });

    it('onConflict=skip (the default) skips the row and goes on', async () => {
      const run = await imported(ws, 'format=csv', conflicting + 'taken-there,https://example.com/mine\n');
      expect(run).toMatchObject({ status: 'finished', rows: { read: 3, created: 1, skipped: 2, failed: 0 } });
      expect((await linkBySlug(ws, 'taken-here'))?.url).toBe('https://example.com/old');
    });

    it('onConflict=rename creates the link as <slug>-2, and a re-run finds it there', async () => {
      const file = 'slug,url\ntaken-here,https://example.com/renamed\n';
      expect((await imported(ws, 'format=csv&onConflict=rename', file)).rows).toEqual({ read: 1, created: 1, skipped: 0, failed: 0 });
      expect((await linkBySlug(ws, 'taken-here-2'))?.url).toBe('https://example.com/renamed');
      expect((await imported(ws, 'format=csv&onConflict=rename', file)).rows).toEqual({ read: 1, created: 0, skipped: 1, failed: 0 });
    });

    it('onConflict=fail stops the run at the taken slug, naming its row', async () => {
      const run = await imported(ws, 'format=csv&onConflict=fail', 'slug,url\ntaken-there,https://example.com/stop\n');
      expect(run).toMatchObject({ status: 'failed', rows: { read: 1, created: 0, failed: 1 } });
      expect(run.error).toMatch(/^Row 1: slug "taken-there" is taken/);
      expect(run.failures).toEqual([{ row: 1, reason: 'slug "taken-there" is taken by another link' }]);
    });
  });
});

describe('progress and failures', () => {
  it('counts every row and lists each failed one with its row number and reason', async () => {
    const file = [
      'slug,url,tags,expiresAt,clicks',
      'good-row,https://example.com/good,,,',
      'bad-url,ftp://example.com/file,,,',
      ',,,,',
      'bad-clicks,https://example.com/c,,,many',
      'bad-date,https://example.com/d,,someday,',
      'x,https://example.com/short-slug,,,',
      'expired-row,https://example.com/e,,2001-01-01T00:00:00Z,3',
    ].join('\n');
    const run = await imported(acme, 'format=csv', file);
    expect(run).toMatchObject({ status: 'finished', rows: { read: 7, created: 2, skipped: 0, failed: 5 }, failuresOmitted: 0 });
    expect(run.failures).toEqual([
      { row: 2, reason: expect.stringMatching(/^url /) },
      { row: 3, reason: 'url is empty' },
      { row: 4, reason: 'clicks must be a whole number, 0 or more' },
      { row: 5, reason: 'expiresAt must be an ISO 8601 date-time' },
      { row: 6, reason: expect.stringMatching(/^slug must be 3-64/) },
    ]);
    // An expiry in the past is carried: the link is imported expired, as it was.
    expect((await request(t.app).get('/expired-row').expect(410)).status).toBe(410);
  });

  it('keeps the first 1000 failures and counts the rest as omitted', async () => {
    const rows = Array.from({ length: 1005 }, (_, i) => `bad-${i},not a url`);
    const run = await imported(acme, 'format=csv', ['slug,url', ...rows].join('\n'));
    expect(run.rows).toEqual({ read: 1005, created: 0, skipped: 0, failed: 1005 });
    expect(run.failures).toHaveLength(1000);
    expect(run.failuresOmitted).toBe(5);
    expect(run.failures![999].row).toBe(1000);
  });

  it("a Shortline row on a domain that is not one of the workspace's fails, naming domain", async () => {
    const run = await imported(acme, 'format=shortline', 'slug,url,domain\nforeign-dom,https://example.com/d,go.unknown.example\n');
    expect(run.rows).toEqual({ read: 1, created: 0, skipped: 0, failed: 1 });
    expect(run.failures).toEqual([{ row: 1, reason: expect.stringMatching(/^domain /) }]);
  });

  it('a control character in a field fails that row only', async () => {
    const run = await imported(
      acme,
      'format=csv',
      'slug,url,title\nctl-ok,https://example.com/ok,Fine\nctl-bad,https://example.com/nul,Bad\u0000title\n',
    );
    expect(run.rows).toEqual({ read: 2, created: 1, skipped: 0, failed: 1 });
    expect(run.failures).toEqual([{ row: 2, reason: 'title must not contain NUL characters' }]);
  });

  it('lists runs newest first, each with its counts', async () => {
    const ws = await createWorkspace(t.app, 'Lister');
    const first = await imported(ws, 'format=csv', 'url\nhttps://example.com/l1\n');
    const second = await imported(ws, 'format=csv', 'url\nhttps://example.com/l2\n');
    const page = (await request(t.app).get('/v1/imports?limit=1').set(ws.auth).expect(200)).body;
    expect(page.data.map((r: Run) => r.id)).toEqual([second.id]);
    const next = (await request(t.app).get(`/v1/imports?limit=1&cursor=${page.nextCursor}`).set(ws.auth).expect(200)).body;
    expect(next).toEqual({
      data: [expect.objectContaining({ id: first.id, status: 'finished', rows: { read: 1, created: 1, skipped: 0, failed: 0 } })],
      nextCursor: null,
    });
  });

  it('says the size and SHA-256 of the file it stored', async () => {
    const body = 'url\nhttps://example.com/digest\n';
    const res = await upload(acme, 'format=csv', body).expect(202);
    expect(res.body).toMatchObject({ status: 'queued', bytes: body.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await ended(acme, res.body.id);
  });

  it('shows in /metrics: runs started and ended by format, rows by outcome', async () => {
    expect(await metricValue(t.app, 'shortline_imports_started_total', { format: 'kutt' })).toBeGreaterThanOrEqual(2);
    expect(await metricValue(t.app, 'shortline_imports_finished_total', { format: 'csv', status: 'failed' })).toBeGreaterThanOrEqual(1);
    expect(await metricValue(t.app, 'shortline_import_rows_total', { outcome: 'created' })).toBeGreaterThan(10);
    expect(await metricValue(t.app, 'shortline_import_rows_total', { outcome: 'skipped' })).toBeGreaterThan(0);
    expect(await metricValue(t.app, 'shortline_import_rows_total', { outcome: 'failed' })).toBeGreaterThan(1000);
  });
});

describe('bad input', () => {
  it.each([
    ['an unclosed quote', 'csv', 'slug,url\n"open,https://example.com/x\n', CSV, /not valid CSV/],
    ['a CSV without the url column', 'shlink', 'code,target\na,b\n', CSV, /no column for the target URL/],
    ['malformed JSON', 'kutt', '{"data": [{"address": "a",', JSON_TYPE, /not valid JSON/],
    ['JSON that is no list', 'kutt', '"just a string"', JSON_TYPE, /not a JSON array or object/],
    ['a JSON object without the list', 'kutt', '{"links": []}', JSON_TYPE, /no list of links at "data"/],
  ])('%s fails the run, saying why', async (_case, format, body, type, error) => {
    const run = await imported(acme, `format=${format}`, body, type);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(error);
  });

  it('a JSON item that is no object fails its row only', async () => {
    const run = await imported(acme, 'format=kutt', JSON.stringify([42, { address: 'json-ok', target: 'https://example.com/j' }]), JSON_TYPE);
    expect(run.rows).toEqual({ read: 2, created: 1, skipped: 0, failed: 1 });
    expect(run.failures).toEqual([{ row: 1, reason: 'is not a JSON object' }]);
  });

  it.each([
    ['an unknown format', 'format=tinyurl', 'query.format'],
    ['no format', '', 'query.format'],
    ['an unknown conflict policy', 'format=csv&onConflict=merge', 'query.onConflict'],
    ['an unknown query field', 'format=csv&colour=red', 'query'],
    ['a control character', 'format=csv&mapping=%7B%22url%22%3A%22a%00%22%7D', 'query.mapping'],
  ])('%s is a 400 naming the field', async (_case, query, field) => {
    const problem = expectProblem(await upload(acme, query, 'url\nhttps://example.com/\n'), 400);
    expect((problem.errors as { field: string }[])[0].field).toBe(field);
  });

  it('an empty body is a 400', async () => {
    expectProblem(await upload(acme, 'format=csv', ''), 400);
  });

  it('a body larger than IMPORTS_MAX_UPLOAD is a 413 and leaves no run', async () => {
    const big = 'url\n' + 'https://example.com/padding\n'.repeat(3000);
    const problem = expectProblem(await upload(acme, 'format=csv', big), 413);
    expect(problem.detail).toMatch(/IMPORTS_MAX_UPLOAD/);
    const runs = (await request(t.app).get('/v1/imports?limit=100').set(acme.auth).expect(200)).body.data as Run[];
    expect(runs.every((run) => run.status !== 'receiving')).toBe(true);
  });

  it('a chunked body that grows past the limit is a 413 too', async () => {
    const streamed = request(t.app).post('/v1/imports?format=csv').set(acme.auth).set('Content-Type', CSV);
    // Written piece by piece, the body has no Content-Length: only counting it as it arrives can refuse it.
    streamed.write('url\n');
    for (let i = 0; i < 100; i++) streamed.write('https://example.com/padding\n'.repeat(30));
    const res = await new Promise<request.Response>((resolve, reject) => {
      streamed.end((error, answer) => (answer ? resolve(answer) : reject(error)));
    });
    expectProblem(res, 413);
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('a %s-compressed file imports as the file itself', async (encoding, compress) => {
    const csv = `url\nhttps://example.com/zipped/${encoding}\n`;
    const res = await upload(acme, 'format=csv', compress(Buffer.from(csv)))
      .set('Content-Encoding', encoding)
      .expect(202);
    expect((await ended(acme, res.body.id)).rows).toMatchObject({ read: 1, created: 1, failed: 0 });
  });

  it('a truncated compressed body is a 400 naming the encoding, and an unknown encoding a 415', async () => {
    const zipped = gzipSync(Buffer.from('url\nhttps://example.com/truncated\n'));
    const truncated = expectProblem(await upload(acme, 'format=csv', zipped.subarray(0, zipped.length - 1)).set('Content-Encoding', 'gzip'), 400);
    expect(truncated.detail).toMatch(/Content-Encoding/);
    expectProblem(await upload(acme, 'format=csv', zipped).set('Content-Encoding', 'zstd-of-the-future'), 415);
  });

  it('a compressed body is held to IMPORTS_MAX_UPLOAD once decompressed', async () => {
    const bomb = gzipSync(Buffer.from('url\n' + 'https://example.com/padding\n'.repeat(10_000)));
    expect(bomb.length).toBeLessThan(64 * 1024);
    expectProblem(await upload(acme, 'format=csv', bomb).set('Content-Encoding', 'gzip'), 413);
  });

  it.each([
    ['JSON for a CSV-only format', 'format=yourls', JSON_TYPE],
    ['CSV for a JSON-only format', 'format=kutt', CSV],
    ['an image', 'format=csv', 'image/png'],
  ])('%s is a 415', async (_case, query, type) => {
    expectProblem(await upload(acme, query, '[]', type), 415);
  });

  it('a key without links:write gets 403', async () => {
    const key = await request(t.app)
      .post('/v1/api-keys')
      .set(acme.auth)
      .send({ name: 'reader', scopes: ['links:read'] })
      .expect(201);
    const reader = { id: acme.id, key: key.body.key, auth: { Authorization: `Bearer ${key.body.key}` } };
    expectProblem(await upload(reader, 'format=csv', 'url\nhttps://example.com/\n'), 403);
    await request(t.app).get('/v1/imports').set(reader.auth).expect(200);
  });

  it('an unknown import id, a malformed one and another workspace’s are 404', async () => {
    const theirs = await imported(globex, 'format=csv', 'url\nhttps://example.com/globex\n');
    expectProblem(await request(t.app).get('/v1/imports/00000000-0000-4000-8000-000000000000').set(acme.auth), 404);
    expectProblem(await request(t.app).get('/v1/imports/not-an-id').set(acme.auth), 404);
    expectProblem(await request(t.app).get(`/v1/imports/${theirs.id}`).set(acme.auth), 404);
    const mine = (await request(t.app).get('/v1/imports?limit=100').set(acme.auth).expect(200)).body.data as Run[];
    expect(mine.map((run) => run.id)).not.toContain(theirs.id);
  });

  it('without credentials is a 401', async () => {
    expectProblem(await request(t.app).post('/v1/imports?format=csv').set('Content-Type', CSV).send('url\n'), 401);
  });
});

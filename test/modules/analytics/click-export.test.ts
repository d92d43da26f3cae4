import request from 'supertest';
import { createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../../support/app';
import { metricValue } from '../../support/metrics';
import { CHROME_MAC, GOOGLEBOT } from '../../support/user-agents';

let t: TestApp;
let acme: TestWorkspace;
let globex: TestWorkspace;
let link: { id: string };
let other: { id: string };
let globexLink: { id: string };
beforeAll(async () => {
  t = await createTestApp({ CLICK_COUNTRY_HEADER: 'CF-IPCountry' });
  acme = await createWorkspace(t.app, 'Acme');
  globex = await createWorkspace(t.app, 'Globex');
  const create = async (slug: string, ws = acme) =>
    (
      await request(t.app)
        .post('/v1/links')
        .set(ws.auth)
        .send({ url: `https://example.com/${slug}`, slug })
        .expect(201)
    ).body as { id: string };
  link = await create('clicked');
  other = await create('also-clicked');
  globexLink = await create('globex-clicked', globex);
  await request(t.app).get('/clicked').set({ 'User-Agent': CHROME_MAC, Referer: 'https://news.example/a', 'CF-IPCountry': 'DE' }).expect(302);
  await request(t.app).get('/clicked').set({ 'User-Agent': GOOGLEBOT }).expect(302);
  await request(t.app).get('/also-clicked').set({ 'User-Agent': CHROME_MAC }).expect(302);
  await request(t.app).get('/globex-clicked').set({ 'User-Agent': CHROME_MAC }).expect(302);
  await t.shortline.apis.get('analytics').flushClicks();
});
afterAll(() => t.close());

const get = (path: string, ws = acme) => request(t.app).get(path).set(ws.auth);
const lines = (text: string) => text.split('\n').filter((line) => line !== '');
const HEADER = 'clickedAt,linkId,bot,referrerHost,country,city,device,browser,os,variant';

describe('GET /v1/links/:id/clicks/export', () => {
  it("streams the link's raw clicks as CSV, oldest first", async () => {
    const res = await get(`/v1/links/${link.id}/clicks/export`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename=clicks-${link.id}.csv`);
    const [header, human, bot] = lines(res.text);
    expect(header).toBe(HEADER);
    expect(human).toMatch(new RegExp(`^"[^"]+Z","${link.id}",false,"news.example","DE",,"desktop","Chrome","Mac OS",$`));
    expect(bot).toMatch(new RegExp(`^"[^"]+Z","${link.id}",true,,,,`));
    expect(lines(res.text)).toHaveLength(3);
  });

  it('streams one click per line as NDJSON', async () => {
    const res = await get(`/v1/links/${link.id}/clicks/export?format=ndjson`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const clicks = lines(res.text).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(clicks).toHaveLength(2);
    expect(clicks[0]).toMatchObject({ linkId: link.id, bot: false, referrerHost: 'news.example', country: 'DE', city: null, variant: null });
    expect(Date.parse(clicks[0].clickedAt as string)).toBeLessThanOrEqual(Date.parse(clicks[1].clickedAt as string));
  });

  it('keeps to the range: from inclusive, to exclusive', async () => {
    const all = lines((await get(`/v1/links/${link.id}/clicks/export?format=ndjson`).expect(200)).text).map(
      (line) => JSON.parse(line) as { clickedAt: string },
    );
    const from = encodeURIComponent(all[1].clickedAt);
    expect(lines((await get(`/v1/links/${link.id}/clicks/export?from=${from}&format=ndjson`).expect(200)).text).length).toBeGreaterThanOrEqual(1);
    expect(lines((await get(`/v1/links/${link.id}/clicks/export?to=${encodeURIComponent(all[0].clickedAt)}`).expect(200)).text)).toEqual([HEADER]);
    expect(lines((await get(`/v1/links/${link.id}/clicks/export?from=2020-01-01&to=2020-01-02`).expect(200)).text)).toEqual([HEADER]);
  });

  it("answers 404 for another workspace's link, an unknown id and a malformed id", async () => {
    expectProblem(await get(`/v1/links/${globexLink.id}/clicks/export`), 404);
    expectProblem(await get('/v1/links/00000000-0000-4000-8000-000000000000/clicks/export'), 404);
    expectProblem(await get('/v1/links/not-a-link/clicks/export'), 404);
  });

  it('refuses a bad format, bad dates and a range that ends before it starts with 400', async () => {
    const path = `/v1/links/${link.id}/clicks/export`;
    expect(expectProblem(await get(`${path}?format=xml`), 400).errors).toEqual([{ field: 'query.format', message: 'must be csv or ndjson' }]);
    expectProblem(await get(`${path}?from=yesterday`), 400);
    expectProblem(await get(`${path}?to=2026-13-01`), 400);
    expectProblem(await get(`${path}?from=0001-01-01`), 400);
    expect(expectProblem(await get(`${path}?from=2026-11-08&to=2026-11-01`), 400).errors).toEqual([
      { field: 'query.from', message: 'must be before to' },
    ]);
    expectProblem(await get(`${path}?from=2026-11-01&to=2026-11-01`), 400);
    expectProblem(await get(`${path}?tz=UTC`), 400);
    expectProblem(await get(`${path}?from=%00`), 400);
  });
});

describe('GET /v1/clicks/export', () => {
  it("streams the raw clicks of every link of the workspace, none of another workspace's, and counts them in /metrics", async () => {
    const before = await metricValue(t.app, 'shortline_export_rows_total', { kind: 'clicks' }, { absent: 0 });
    const res = await get('/v1/clicks/export?format=ndjson').expect(200);
    const ids = lines(res.text).map((line) => (JSON.parse(line) as { linkId: string }).linkId);
    expect(ids.sort()).toEqual([link.id, link.id, other.id].sort());
    expect(await metricValue(t.app, 'shortline_export_rows_total', { kind: 'clicks' })).toBe(before + 3);
    expect(lines((await get('/v1/clicks/export', globex).expect(200)).text)).toHaveLength(2);
  });

  it('refuses bad input with 400 and needs analytics:read', async () => {
    expectProblem(await get('/v1/clicks/export?format=pdf'), 400);
    expectProblem(await get('/v1/clicks/export?from=2026-11-02&to=2026-11-01'), 400);
    expectProblem(await get('/v1/clicks/export?to=tomorrow'), 400);
    expectProblem(await request(t.app).get('/v1/clicks/export'), 401);
    const key = await request(t.app)
      .post('/v1/api-keys')
      .set(acme.auth)
      .send({ name: 'links', scopes: ['links:read'] })
      .expect(201);
    expectProblem(await request(t.app).get('/v1/clicks/export').set('Authorization', `Bearer ${key.body.key}`), 403);
  });
});

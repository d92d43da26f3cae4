import request from 'supertest';
import { daysAround, ensurePartitions, utcDay } from '../../../src/modules/analytics/data/partitions';
import { ROLLUP } from '../../../src/modules/analytics/jobs/rollup.job';
import { createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../../support/app';
import { metricValue } from '../../support/metrics';
import { CHROME_MAC, FIREFOX_WINDOWS, GOOGLEBOT, SAFARI_IPHONE, SLACKBOT } from '../../support/user-agents';

/**
 * Clicks end to end over HTTP: redirects → buffer → one INSERT per flush →
 * rollup jobs → stats endpoints. Stats caching is off here so every read sees
 * the rollups as they are.
 */

let t: TestApp;
let acme: TestWorkspace;
let globex: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp({ WORKER: 'inline', WORKER_POLL_INTERVAL_MS: '100', STATS_CACHE_TTL_S: '0', CLICK_COUNTRY_HEADER: 'CF-IPCountry' });
  acme = await createWorkspace(t.app, 'Acme');
  globex = await createWorkspace(t.app, 'Globex');
});
afterAll(() => t.close());

const createLink = async (slug: string, ws = acme) =>
  (
    await request(t.app)
      .post('/v1/links')
      .set(ws.auth)
      .send({ url: `https://example.com/${slug}`, slug })
      .expect(201)
  ).body as { id: string; slug: string };

async function visit(slug: string, headers: Record<string, string>, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await request(t.app).get(`/${slug}`).set(headers).expect(302);
}

/** Writes the buffer, then waits until the worker rolled up everything queued. */
async function settle(): Promise<void> {
  await t.shortline.apis.get('analytics').flushClicks();
  const started = Date.now();
  for (;;) {
    const { rows } = await t.shortline.db.platform.raw<{ rows: { n: string }[] }>(
      "select count(*) as n from graphile_worker.jobs where task_identifier like 'analytics.%'",
    );
    if (rows[0].n === '0') return;
    if (Date.now() - started > 10_000) {
      const pending = await t.shortline.db.platform.raw<{ rows: unknown[] }>(
        'select task_identifier, attempts, last_error from graphile_worker.jobs',
      );
      throw new Error(`analytics jobs did not finish: ${JSON.stringify(pending.rows)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const stats = (path: string, ws = acme) => request(t.app).get(path).set(ws.auth);

describe('accuracy', () => {
  let link: { id: string; slug: string };
  beforeAll(async () => {
    link = await createLink('counted');
    await visit(link.slug, { 'User-Agent': CHROME_MAC, Referer: 'https://www.news.example/story', 'CF-IPCountry': 'DE' }, 20);
    await visit(link.slug, { 'User-Agent': SAFARI_IPHONE, 'CF-IPCountry': 'fr' }, 12);
    await visit(link.slug, { 'User-Agent': FIREFOX_WINDOWS, Referer: 'https://social.example/p/1', 'CF-IPCountry': 'XX' }, 5);
    await visit(link.slug, { 'User-Agent': GOOGLEBOT }, 3);
    await visit(link.slug, { 'User-Agent': SLACKBOT }, 2);
    // HEAD is a link checker, not a visit.
    await request(t.app).head(`/${link.slug}`).expect(302);
    await settle();
  });

  it('counts every human click once, bots apart, and unique visitors', async () => {
    const res = await stats(`/v1/links/${link.id}/stats?interval=hour`).expect(200);
    expect(res.body).toMatchObject({ total: 37, bots: 5, uniques: 3, interval: 'hour', tz: 'UTC' });
    expect(res.body.series.reduce((sum: number, b: { clicks: number }) => sum + b.clicks, 0)).toBe(37);
  });

  it('zero-fills the series over whole buckets', async () => {
    const res = await stats(`/v1/links/${link.id}/stats?interval=hour&from=2020-01-01T10:30:00Z&to=2020-01-01T13:00:00Z`).expect(200);
    expect(res.body).toEqual({
      from: '2020-01-01T10:00:00.000Z',
      to: '2020-01-01T13:00:00.000Z',
      interval: 'hour',
      tz: 'UTC',
      total: 0,
      uniques: 0,
      bots: 0,
      series: ['10', '11', '12'].map((h) => ({ t: `2020-01-01T${h}:00:00.000Z`, clicks: 0, uniques: 0 })),
    });
  });

  it('puts day buckets on local midnights of the given time zone', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const res = await stats(`/v1/links/${link.id}/stats?interval=day&tz=Asia/Tokyo&from=${today}`).expect(200);
    expect(res.body.tz).toBe('Asia/Tokyo');
    expect(res.body.from).toBe(new Date(`${today}T00:00:00+09:00`).toISOString());
    for (const bucket of res.body.series) expect(bucket.t).toMatch(/T15:00:00.000Z$/);
    expect(res.body.total).toBe(37);
  });

  it('reads Etc/UTC, utc and Zulu as UTC', async () => {
    for (const tz of ['Etc/UTC', 'utc', 'Zulu']) {
      const res = await stats(`/v1/links/${link.id}/stats?interval=day&tz=${tz}`).expect(200);
      expect(res.body).toMatchObject({ tz: 'UTC', total: 37, uniques: 3 });
    }
  });

  it('breaks clicks down by referrer, country, device, browser and OS', async () => {
    const by = async (dimension: string) => (await stats(`/v1/links/${link.id}/stats/breakdown?by=${dimension}`).expect(200)).body.data;
    expect(await by('referrer')).toEqual([
      { value: 'news.example', clicks: 20 },
      { value: '(direct)', clicks: 12 },
      { value: 'social.example', clicks: 5 },
    ]);
    expect(await by('country')).toEqual([
      { value: 'DE', clicks: 20 },
      { value: 'FR', clicks: 12 },
      { value: 'unknown', clicks: 5 },
    ]);
    expect(await by('device')).toEqual([
      { value: 'desktop', clicks: 25 },
      { value: 'mobile', clicks: 12 },
    ]);
    expect(await by('browser')).toEqual([
      { value: 'Chrome', clicks: 20 },
      { value: 'Mobile Safari', clicks: 12 },
      { value: 'Firefox', clicks: 5 },
    ]);
    expect((await by('os')).map((r: { value: string }) => r.value)).toEqual(['Mac OS', 'iOS', 'Windows']);
    expect((await stats(`/v1/links/${link.id}/stats/breakdown?by=referrer&limit=1`).expect(200)).body.data).toHaveLength(1);
  });

  it("breaks the workspace's clicks down across its links, and no other workspace's", async () => {
    // So far only this link has been clicked: the workspace's breakdown is its.
    const linkReferrers = (await stats(`/v1/links/${link.id}/stats/breakdown?by=referrer`).expect(200)).body.data;
    expect((await stats('/v1/stats/breakdown?by=referrer').expect(200)).body.data).toEqual(linkReferrers);
    expect((await stats('/v1/stats/breakdown?by=referrer', globex).expect(200)).body.data).toEqual([]);
  });

  it('reports workspace totals and top links', async () => {
    const other = await createLink('less-counted');
    await visit(other.slug, { 'User-Agent': CHROME_MAC }, 4);
    await settle();
    const res = await stats('/v1/stats?interval=day').expect(200);
    expect(res.body).toMatchObject({ total: 41, bots: 5 });
    expect(res.body.topLinks).toEqual([
      { linkId: link.id, slug: 'counted', domain: null, url: 'https://example.com/counted', clicks: 37 },
      { linkId: other.id, slug: 'less-counted', domain: null, url: 'https://example.com/less-counted', clicks: 4 },
    ]);
    expect((await stats('/v1/stats', globex).expect(200)).body).toMatchObject({ total: 0, topLinks: [] });
    // Ranges that are not whole UTC days: top links add hourly rollups at the edges.
    for (const query of ['interval=hour', 'interval=day&tz=Asia/Kolkata', 'interval=day&tz=America/Los_Angeles']) {
      const edged = await stats(`/v1/stats?${query}`).expect(200);
      expect(edged.body).toMatchObject({ total: 41, bots: 5 });
      expect(edged.body.topLinks.map((l: { clicks: number }) => l.clicks)).toEqual([37, 4]);
    }
  });

  it('stores no IP address, only a salted visitor hash', async () => {
    const { rows } = await t.shortline.db.platform.raw('select * from analytics.clicks limit 5');
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toMatch(/127\.0\.0\.1|::1|::ffff/);
  });

  it('shows capture in /metrics: clicks recorded and written, one statement per flush', async () => {
    expect(await metricValue(t.app, 'shortline_clicks_recorded_total')).toBe(46);
    expect(await metricValue(t.app, 'shortline_clicks_written_total')).toBe(46);
    expect(await metricValue(t.app, 'shortline_click_flush_size_count')).toBeLessThanOrEqual(3);
    // The counter has no series until a click is dropped: none was, nor was one counted at 0.
    expect(await metricValue(t.app, 'shortline_clicks_dropped_total', { reason: 'buffer_full' }, { absent: 0 })).toBe(0);
  });
});

describe('a rollup delivered twice', () => {
  it('counts its clicks once', async () => {
    const link = await createLink('twice');
    await t.shortline.jobs.stop();
    await visit(link.slug, { 'User-Agent': CHROME_MAC }, 3);
    await t.shortline.apis.get('analytics').flushClicks();
    const { rows } = await t.shortline.db.platform.raw<{ rows: { payload: unknown }[] }>(
      `select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
       where t.identifier = 'analytics.rollup'`,
    );
    expect(rows).toHaveLength(1);
    await t.shortline.db.platform.raw("select graphile_worker.add_job('analytics.rollup', ?::json, queue_name => 'analytics.rollup')", [
      JSON.stringify(rows[0].payload),
    ]);
    await t.shortline.jobs.start();
    await settle();
    expect((await stats(`/v1/links/${link.id}/stats`).expect(200)).body.total).toBe(3);
  });
});

describe('a rollup pass on a busy day', () => {
  interface PlanNode {
    'Node Type': string;
    'Relation Name'?: string;
    'Index Name'?: string;
    Plans?: PlanNode[];
  }
  const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

  it("reads its batches' clicks through the batch_id index, not the whole day's partition", async () => {
    const db = t.shortline.db.platform;
    const link = await createLink('busy-day');
    await ensurePartitions(db, daysAround(Date.now()));
    // 100,000 of today's clicks, rolled up already (no pending batch): what a pass must not read.
    const today = utcDay(Date.now());
    const busy = `clicks_${today.replaceAll('-', '')}`;
    await db.raw(
      `insert into analytics.clicks (clicked_at, link_id, workspace_id, batch_id, visitor, is_bot, device, browser, os)
       select ?::timestamptz + (n % 3600) * interval '1 second', ?, ?, -1 - n / 500, n, false, 'desktop', 'Chrome', 'macOS' from generate_series(1, 100000) n`,
      [`${today}T00:00:00Z`, link.id, acme.id],
    );
    await db.raw('analyze analytics.clicks');
    const trx = await db.transaction();
    try {
      // As a pass runs it (jobs/rollup.job.ts): hash joins only.
      await trx.raw('set local enable_nestloop = off');
      await trx.raw('insert into analytics.pending_batches (batch_id, first_click, last_click) values (1, ?, ?)', [
        `${today}T00:10:00Z`,
        `${today}T00:20:00Z`,
      ]);
      const { rows } = await trx.raw<{ rows: { 'QUERY PLAN': [{ Plan: PlanNode }] }[] }>(`explain (format json) ${ROLLUP}`, [10]);
      const plan = nodes(rows[0]['QUERY PLAN'][0].Plan);
      const scans = plan.filter((node) => node['Relation Name'] === busy || node['Index Name']?.startsWith(`${busy}_`));
      expect(scans.map((node) => node['Node Type'])).not.toContain('Seq Scan');
      expect(scans.map((node) => node['Index Name'])).toContain(`${busy}_batch_id_idx`);
    } finally {
      await trx.rollback();
      await db.raw('delete from analytics.clicks where batch_id < 0');
    }
  });
});

describe('link.deleted', () => {
  it("removes the link's stats: 404 for its stats, gone from top links", async () => {
    const link = await createLink('doomed');
    await visit(link.slug, { 'User-Agent': CHROME_MAC }, 50);
    await settle();
    expect((await stats('/v1/stats').expect(200)).body.topLinks[0].linkId).toBe(link.id);
    await request(t.app).delete(`/v1/links/${link.id}`).set(acme.auth).expect(204);
    await settle();
    expectProblem(await stats(`/v1/links/${link.id}/stats`), 404);
    expect((await stats('/v1/stats').expect(200)).body.topLinks.map((l: { linkId: string }) => l.linkId)).not.toContain(link.id);
    const { rows } = await t.shortline.db.platform.raw('select count(*)::int as n from analytics.link_daily where link_id = ?', [link.id]);
    expect(rows[0].n).toBe(0);
  });
});

describe('bad input', () => {
  let id: string;
  beforeAll(async () => {
    id = (await createLink('probed')).id;
  });

  it.each([
    ['from after to', 'from=2026-02-01&to=2026-01-01', 'query.from'],
    ['from equal to to', 'from=2026-01-01&to=2026-01-01', 'query.from'],
    ['unparseable from', 'from=yesterday', 'query.from'],
    ['a range past the maximum', 'from=2020-01-01&to=2026-01-01', 'query.to'],
    ['hours over more than 31 days', 'interval=hour&from=2026-01-01&to=2026-03-01', 'query.interval'],
    ['an unknown interval', 'interval=week', 'query.interval'],
    ['an unknown time zone', 'tz=Mars/Olympus', 'query.tz'],
    ['a bare UTC offset as time zone', 'tz=%2B05:00', 'query.tz'],
    ['an unknown parameter', 'color=blue', 'query'],
    ['a repeated parameter', 'from=2026-01-01&from=2026-01-02', 'query.from'],
  ])('answers 400 for %s', async (_name, query, field) => {
    const body = expectProblem(await stats(`/v1/links/${id}/stats?${query}`), 400);
    expect((body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
  });

  it.each([
    ['a from in year 0', 'from=0000-12-30&to=0001-01-02', 'query.from'],
    ['a to in year 0', 'from=0000-12-30T00:00:00Z&to=0000-12-31T00:00:00Z', 'query.to'],
    ['a to whose bucket ends after 9999', 'from=9999-12-25&to=9999-12-31T12:00:00Z', 'query.to'],
  ])('answers 400 on every stats endpoint for %s, a range the database cannot hold', async (_name, query, field) => {
    for (const path of [`/v1/links/${id}/stats?`, `/v1/links/${id}/stats/breakdown?by=os&`, '/v1/stats?']) {
      const body = expectProblem(await stats(`${path}${query}`), 400);
      expect((body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
    }
  });

  it.each([
    ['no dimension', ''],
    ['an unknown dimension', 'by=planet'],
    ['a zero limit', 'by=os&limit=0'],
    ['a limit over 100', 'by=os&limit=101'],
    ['a limit that is no number', 'by=os&limit=ten'],
  ])('answers 400 to a breakdown with %s', async (_name, query) => {
    expectProblem(await stats(`/v1/links/${id}/stats/breakdown?${query}`), 400);
  });

  it("answers 404 for another workspace's link, an unknown id and a malformed id", async () => {
    const theirs = await createLink('theirs', globex);
    for (const path of [`/v1/links/${theirs.id}/stats`, `/v1/links/${theirs.id}/stats/breakdown?by=os`]) expectProblem(await stats(path), 404);
    expectProblem(await stats('/v1/links/00000000-0000-4000-8000-000000000000/stats'), 404);
    expectProblem(await stats('/v1/links/nope/stats'), 404);
  });

  it('answers 401 without a key and 403 for a key without analytics:read', async () => {
    expectProblem(await request(t.app).get(`/v1/links/${id}/stats`), 401);
    const key = await request(t.app)
      .post('/v1/api-keys')
      .set(acme.auth)
      .send({ name: 'links only', scopes: ['links:read'] })
      .expect(201);
    expectProblem(await request(t.app).get('/v1/stats').set('Authorization', `Bearer ${key.body.key}`), 403);
  });

  it('answers 405 to other methods', async () => {
    expectProblem(await request(t.app).post(`/v1/links/${id}/stats`).set(acme.auth).send({}), 405);
  });
});

describe('top links over long ranges', () => {
  it('add up weeks, days and edge hours to the same totals as the link series', async () => {
    const old = await createLink('history');
    const db = t.shortline.db.platform;
    const dayMs = 86_400_000;
    const now = Date.now();
    // Clicks spread over the last 40 days, written as a flush would, then rolled up.
    const times = Array.from({ length: 40 }, (_, i) => new Date(now - (i + 0.5) * dayMs));
    for (let i = 0; i <= 41; i++) {
      const d = new Date(now - i * dayMs).toISOString().slice(0, 10);
      const next = new Date(Date.parse(d) + dayMs).toISOString().slice(0, 10);
      await db.raw(
        `create table if not exists analytics.clicks_${d.replaceAll('-', '')} partition of analytics.clicks for values from ('${d}T00:00:00Z') to ('${next}T00:00:00Z')`,
      );
    }
    await db.raw(
      `insert into analytics.clicks (clicked_at, link_id, workspace_id, batch_id, visitor, is_bot, referrer_host, country, device, browser, os)
       select t, ?, ?, 424242, 1, false, null, null, 'desktop', 'Chrome', 'Windows' from unnest(?::timestamptz[]) as t`,
      [old.id, acme.id, times],
    );
    await db.raw("insert into analytics.pending_batches values (424242, now() - interval '41 days', now())");
    await t.shortline.apis.get('analytics').rollUp();
    for (const days of [3, 10, 17, 38]) {
      const range = `from=${new Date(now - days * dayMs - 3_600_000).toISOString()}&to=${new Date(now).toISOString()}`;
      const series = (await stats(`/v1/links/${old.id}/stats?${range}&interval=day`).expect(200)).body;
      const top = (await stats(`/v1/stats?${range}&interval=day&tz=Asia/Kolkata&limit=100`).expect(200)).body.topLinks;
      expect(series.total).toBeGreaterThan(0);
      expect(top.find((l: { linkId: string }) => l.linkId === old.id)?.clicks).toBe(
        (await stats(`/v1/links/${old.id}/stats?${range}&interval=day&tz=Asia/Kolkata`).expect(200)).body.total,
      );
    }
  });
});

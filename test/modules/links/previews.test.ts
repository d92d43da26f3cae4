import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { linkUpdated } from '../../../src/modules/links';
import { subscription } from '../../../src/shared/events';
import { createShortline } from '../../../src/app/shortline';
import { loadConfig } from '../../../src/app/config';
import { createLogger } from '../../../src/shared/logging';
import { ADMIN_TOKEN, createTestApp, createWorkspace, type TestApp, type TestWorkspace } from '../../support/app';
import { eventually } from '../../support/receiver';
import { metricValue } from '../../support/metrics';

/**
 * Link previews end to end: a link's target is a real HTTP server on
 * 127.0.0.1, the links.fetch-preview job runs in the app's own worker, and the
 * result is read back over the API. Each target gets a server (a port) of its
 * own, so each is its own host to the outbound client's breaker and bulkhead.
 */
type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
interface Target {
  origin: string;
  hits: () => number;
}

const servers: http.Server[] = [];

async function serve(handler: Handler): Promise<Target> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits };
}

const html =
  (body: string): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(body);
  };

const PAGE = `<!doctype html>
<html><head>
  <meta charset="utf-8">
  <title>
    Pricing &amp; plans
  </title>
  <meta name="description" content="Plans for teams &mdash; from &quot;free&quot; up.">
  <meta property="og:image" content="/img/card.png">
</head><body><h1>Pricing</h1></body></html>`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let t: TestApp;
let acme: TestWorkspace;
let page: Target;

beforeAll(async () => {
  t = await createTestApp(
    { WORKER: 'inline', LINK_PREVIEWS: 'on', OUTBOUND_ALLOW: '127.0.0.1', LINK_PREVIEW_TIMEOUT_MS: '300', WORKER_POLL_INTERVAL_MS: '100' },
    // A subscriber outside this build, to see which link.updated events are published.
    { externalSubscriptions: [{ module: 'spy', subscription: subscription('updated', linkUpdated) }] },
  );
  acme = await createWorkspace(t.app);
  page = await serve(html(PAGE));
});

afterAll(async () => {
  await t.close();
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

type LinkBody = { id: string; slug: string; url: string; createdAt: string; updatedAt: string; preview: Record<string, unknown> | null };

async function createLink(app: TestApp['app'], ws: TestWorkspace, url: string): Promise<LinkBody> {
  return (await request(app).post('/v1/links').set(ws.auth).send({ url }).expect(201)).body as LinkBody;
}

/** GET /v1/links/:id until its preview is no longer pending. */
async function settled(app: TestApp['app'], ws: TestWorkspace, id: string, ms = 10_000): Promise<LinkBody> {
  const deadline = Date.now() + ms;
  for (;;) {
    const link = (await request(app).get(`/v1/links/${id}`).set(ws.auth).expect(200)).body as LinkBody;
    if (link.preview?.status !== 'pending') return link;
    if (Date.now() > deadline) throw new Error(`the preview of link ${id} was still pending after ${ms} ms`);
    await sleep(50);
  }
}

const PENDING = { status: 'pending', title: null, description: null, image: null, error: null, fetchedAt: null };

/** Runs the minute's sweep now, as its cron tick would, and waits until it finished. */
async function sweep(): Promise<void> {
  await t.shortline.db.platform.raw("select graphile_worker.add_job('links.queue-pending-previews', '{}'::json)");
  await eventually(
    async () =>
      (
        await t.shortline.db.platform.raw(
          "select count(*)::int as n from graphile_worker.jobs where task_identifier = 'links.queue-pending-previews'",
        )
      ).rows[0].n === 0 || undefined,
    10_000,
    'the sweep',
  );
}

describe('with previews on', () => {
  it('stores the title, description and image of the target page, the image made absolute', async () => {
    const counted = await metricValue(t.app, 'shortline_link_previews_total', { outcome: 'ok' }, { absent: 0 }); // no series before the first
    const created = await createLink(t.app, acme, `${page.origin}/pricing`);
    expect(created.preview).toEqual(PENDING);

    const link = await settled(t.app, acme, created.id);
    expect(link.preview).toEqual({
      status: 'ok',
      title: 'Pricing & plans',
      description: 'Plans for teams — from "free" up.',
      image: `${page.origin}/img/card.png`,
      error: null,
      fetchedAt: expect.any(String),
    });
    expect(Date.parse(String(link.preview!.fetchedAt))).toBeGreaterThanOrEqual(Date.parse(created.createdAt));
    // Storing the preview is not an edit of the link.
    expect(link.updatedAt).toBe(created.updatedAt);
    expect(await metricValue(t.app, 'shortline_link_previews_total', { outcome: 'ok' })).toBe(counted + 1);
  });

  it('follows redirects, relative ones included, and resolves the image against the page it ends on', async () => {
    const hop = await serve((req, res) => {
      if (req.url === '/start') res.writeHead(302, { Location: '/middle' }).end();
      else res.writeHead(301, { Location: `${page.origin}/pricing` }).end();
    });
    const link = await settled(t.app, acme, (await createLink(t.app, acme, `${hop.origin}/start`)).id);
    expect(link.preview).toMatchObject({ status: 'ok', title: 'Pricing & plans', image: `${page.origin}/img/card.png` });
    expect(hop.hits()).toBe(2);
  });

  it('gives up after three redirects', async () => {
    const loop = await serve((_req, res) => res.writeHead(302, { Location: '/again' }).end());
    const link = await settled(t.app, acme, (await createLink(t.app, acme, `${loop.origin}/`)).id);
    expect(link.preview).toMatchObject({ status: 'failed', title: null, error: 'more than 3 redirects' });
    expect(loop.hits()).toBe(4);
  });

  it('records a page that is not HTML as failed, naming its type', async () => {
    const image = await serve((_req, res) => res.writeHead(200, { 'Content-Type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47])));
    const link = await settled(t.app, acme, (await createLink(t.app, acme, `${image.origin}/logo.png`)).id);
    expect(link.preview).toEqual({
      status: 'failed',
      title: null,
      description: null,
      image: null,
      error: 'not an HTML page (image/png)',
      fetchedAt: expect.any(String),
    });
  });

  it('records an error status as failed, and counts it', async () => {
    const counted = await metricValue(t.app, 'shortline_link_previews_total', { outcome: 'failed' }, { absent: 0 }); // no series before the first
    const broken = await serve((_req, res) => res.writeHead(500, { 'Content-Type': 'text/html' }).end('<title>Oops</title>'));
    const link = await settled(t.app, acme, (await createLink(t.app, acme, `${broken.origin}/`)).id);
    expect(link.preview).toMatchObject({ status: 'failed', title: null, error: 'the page answered 500' });
    expect(await metricValue(t.app, 'shortline_link_previews_total', { outcome: 'failed' })).toBe(counted + 1);
  });

  it('records a page that does not answer within LINK_PREVIEW_TIMEOUT_MS as failed, without retrying it', async () => {
    const silent = await serve(() => undefined);
    const link = await settled(t.app, acme, (await createLink(t.app, acme, `${silent.origin}/`)).id);
    expect(link.preview).toMatchObject({ status: 'failed', title: null, error: expect.stringMatching(/within 300 ms/) });
    await sleep(300);
    expect(silent.hits()).toBe(1);
  });

  it('reads the head of a page larger than 256 KB', async () => {
    const filler = `<p>${'lorem ipsum dolor sit amet '.repeat(40)}</p>\n`.repeat(1000); // about 1 MB
    const huge = await serve(
      html(`<html><head><title>Huge page</title><meta name="description" content="Big."></head><body>${filler}</body></html>`),
    );
    const link = await settled(t.app, acme, (await createLink(t.app, acme, `${huge.origin}/`)).id);
    expect(link.preview).toMatchObject({ status: 'ok', title: 'Huge page', description: 'Big.', image: null, error: null });
  });

  it('fetches a preview for each link a bulk request created', async () => {
    const res = await request(t.app)
      .post('/v1/links/bulk')
      .set(acme.auth)
      .send({ links: [{ url: `${page.origin}/a` }, { url: 'ftp://not.valid' }, { url: `${page.origin}/b` }] })
      .expect(200);
    const ids: string[] = res.body.results.filter((r: { status: number }) => r.status === 201).map((r: { link: LinkBody }) => r.link.id);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect((await settled(t.app, acme, id)).preview).toMatchObject({ status: 'ok', title: 'Pricing & plans' });
  });

  it("reads one host's pages one at a time, none put off, when a bulk request creates many links to it", async () => {
    let inFlight = 0;
    let most = 0;
    const site = await serve((_req, res) => {
      most = Math.max(most, ++inFlight);
      setTimeout(() => {
        inFlight--;
        html(PAGE)(_req, res);
      }, 40);
    });
    const links = Array.from({ length: 12 }, (_, i) => ({ url: `${site.origin}/page/${i}` }));
    const res = await request(t.app).post('/v1/links/bulk').set(acme.auth).send({ links }).expect(200);
    // One job for the host, not one per link.
    const host = new URL(site.origin).host;
    const keys = await eventually(
      async () => {
        const jobs = await t.shortline.db.platform.raw<{ rows: { key: string }[] }>(
          "select key from graphile_worker.jobs where task_identifier = 'links.fetch-preview' and key like ?",
          [`%:${host}`],
        );
        return jobs.rows.length > 0 ? jobs.rows.map((j) => j.key) : undefined;
      },
      5000,
      'the preview job',
    );
    expect(keys).toEqual([`links.fetch-preview:${acme.id}:${host}`]);
    for (const result of res.body.results as { link: LinkBody }[]) {
      expect((await settled(t.app, acme, result.link.id)).preview).toMatchObject({ status: 'ok', title: 'Pricing & plans' });
    }
    // The worker runs 4 jobs at once and the host's bulkhead admits 2: without
    // a queue per host, fetches would overlap and the excess would be put off.
    expect(most).toBe(1);
    expect(site.hits()).toBe(12);
  });

  it('queues a few jobs, not one per create, for creates to one host arriving together', async () => {
    const site = await serve(html(PAGE));
    const runs = async (options?: { absent: number }) =>
      await metricValue(t.app, 'shortline_job_duration_seconds_count', { task: 'links.fetch-preview' }, options);
    const before = await runs({ absent: 0 }); // no series before the first run
    const created = await Promise.all(Array.from({ length: 12 }, (_, i) => createLink(t.app, acme, `${site.origin}/together/${i}`)));
    for (const { id } of created) expect((await settled(t.app, acme, id)).preview).toMatchObject({ status: 'ok', title: 'Pricing & plans' });
    expect(site.hits()).toBe(12);
    // Commits within 250 ms of each other share one queued job (a slow machine may split them over a few).
    expect((await runs()) - before).toBeLessThanOrEqual(4);
  });

  it("queues, once a minute, a job for previews left pending without one, leaving a put-off job's schedule alone", async () => {
    const orphan = await serve(html(PAGE));
    const putOff = await serve(html(PAGE));
    const insertPending = async (slug: string, origin: string) =>
      (
        await t.shortline.db.platform.raw<{ rows: { id: string }[] }>(
          `insert into links.links (workspace_id, slug, url, preview, preview_host) values (?, ?, ?, ?::jsonb, ?) returning id`,
          [acme.id, slug, `${origin}/${slug}`, JSON.stringify(PENDING), new URL(origin).host],
        )
      ).rows[0].id;
    // As a writer that stopped before queueing its fetch leaves them: pending, no job.
    const orphanId = await insertPending('sweep-orphan', orphan.origin);
    // And a host whose job waits an hour (as an open circuit puts it off).
    const putOffId = await insertPending('sweep-put-off', putOff.origin);
    const putOffKey = `links.fetch-preview:${acme.id}:${new URL(putOff.origin).host}`;
    await t.shortline.db.platform.raw(
      `select graphile_worker.add_job('links.fetch-preview', ?::json, run_at => now() + interval '1 hour', job_key => ?)`,
      [JSON.stringify({ workspaceId: acme.id, host: new URL(putOff.origin).host, deferrals: 3 }), putOffKey],
    );
    const putOffJob = async () =>
      (
        await t.shortline.db.platform.raw<{ rows: { run_at: Date; payload: unknown }[] }>(
          'select run_at, payload from graphile_worker._private_jobs where key = ?',
          [putOffKey],
        )
      ).rows;
    const [scheduled] = await putOffJob();

    await sweep();
    expect((await settled(t.app, acme, orphanId)).preview).toMatchObject({ status: 'ok', title: 'Pricing & plans' });
    expect(orphan.hits()).toBe(1);
    expect(await putOffJob()).toEqual([scheduled]);
    expect((await request(t.app).get(`/v1/links/${putOffId}`).set(acme.auth).expect(200)).body.preview).toEqual(PENDING);
    expect(putOff.hits()).toBe(0);
  });

  it('queues a fresh job, once a minute, for previews whose job failed for good', async () => {
    const site = await serve(html(PAGE));
    const host = new URL(site.origin).host;
    const key = `links.fetch-preview:${acme.id}:${host}`;
    const inserted = await t.shortline.db.platform.raw<{ rows: { id: string }[] }>(
      `insert into links.links (workspace_id, slug, url, preview, preview_host) values (?, ?, ?, ?::jsonb, ?) returning id`,
      [acme.id, 'sweep-failed-job', `${site.origin}/failed-job`, JSON.stringify(PENDING), host],
    );
    // The job of the pair as graphile-worker keeps one that used up its attempts: not run again, its key held.
    const job = await t.shortline.db.platform.raw<{ rows: { id: string }[] }>(
      `select id from graphile_worker.add_job('links.fetch-preview', ?::json, job_key => ?, run_at => now() + interval '1 hour')`,
      [JSON.stringify({ workspaceId: acme.id, host }), key],
    );
    await t.shortline.db.platform.raw(
      `update graphile_worker._private_jobs set attempts = max_attempts, last_error = 'database error' where id = ?`,
      [job.rows[0].id],
    );
    await sweep();
    expect((await settled(t.app, acme, inserted.rows[0].id)).preview).toMatchObject({ status: 'ok', title: 'Pricing & plans' });
    expect(site.hits()).toBe(1);
  });

  it('runs a job queued by a version that fetched one link per job, for its link and the rest of its host', async () => {
    const site = await serve(html(PAGE));
    const host = new URL(site.origin).host;
    // Two links pending as migration 003 leaves them, and the one job of the older form.
    const ids: string[] = [];
    for (const slug of ['legacy-job-1', 'legacy-job-2']) {
      const inserted = await t.shortline.db.platform.raw<{ rows: { id: string }[] }>(
        `insert into links.links (workspace_id, slug, url, preview, preview_host) values (?, ?, ?, ?::jsonb, ?) returning id`,
        [acme.id, slug, `${site.origin}/${slug}`, JSON.stringify(PENDING), host],
      );
      ids.push(inserted.rows[0].id);
    }
    await t.shortline.db.platform.raw(`select graphile_worker.add_job('links.fetch-preview', ?::json)`, [
      JSON.stringify({ workspaceId: acme.id, linkId: ids[0], url: `${site.origin}/legacy-job-1` }),
    ]);
    for (const id of ids) expect((await settled(t.app, acme, id)).preview).toMatchObject({ status: 'ok', title: 'Pricing & plans' });
    expect(site.hits()).toBe(2);
  });

  it('fetches the new page when the URL changes, without a further link.updated or a new updatedAt', async () => {
    const other = await serve(html('<title>Other page</title><meta property="og:description" content="Elsewhere">'));
    const created = await createLink(t.app, acme, `${page.origin}/before`);
    expect((await settled(t.app, acme, created.id)).preview).toMatchObject({ status: 'ok', title: 'Pricing & plans' });

    const patched = (
      await request(t.app)
        .patch(`/v1/links/${created.id}`)
        .set(acme.auth)
        .send({ url: `${other.origin}/after` })
        .expect(200)
    ).body as LinkBody;
    expect(patched.preview).toEqual(PENDING);
    const link = await settled(t.app, acme, created.id);
    expect(link.preview).toMatchObject({ status: 'ok', title: 'Other page', description: 'Elsewhere', image: null });
    expect(link.updatedAt).toBe(patched.updatedAt);

    const events = await t.shortline.db.platform.raw<{ rows: { payload: { events: { data: { link: { id: string }; changed: string[] } }[] } }[] }>(
      `select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
       where t.identifier = 'spy.on.updated'`,
    );
    const mine = events.rows.flatMap((r) => r.payload.events).filter((e) => e.data.link.id === created.id);
    expect(mine.map((e) => e.data.changed)).toEqual([['url']]);
    expect(mine[0].data.link).not.toHaveProperty('preview');
  });

  it('keeps the preview when an update leaves the URL as it is', async () => {
    const created = await createLink(t.app, acme, `${page.origin}/kept`);
    const fetched = (await settled(t.app, acme, created.id)).preview;
    const hits = page.hits();
    const patched = (
      await request(t.app)
        .patch(`/v1/links/${created.id}`)
        .set(acme.auth)
        .send({ title: 'Renamed', url: `${page.origin}/kept` })
        .expect(200)
    ).body as LinkBody;
    expect(patched.preview).toEqual(fetched);
    await sleep(300);
    expect(page.hits()).toBe(hits);
  });
});

describe('without the address allow-list', () => {
  let strict: TestApp;
  let ws: TestWorkspace;
  beforeAll(async () => {
    strict = await createTestApp({ WORKER: 'inline', LINK_PREVIEWS: 'on', LINK_PREVIEW_TIMEOUT_MS: '300', WORKER_POLL_INTERVAL_MS: '100' });
    ws = await createWorkspace(strict.app);
  });
  afterAll(() => strict.close());

  it('records a target on a loopback address as blocked, never calls it, and still redirects to it', async () => {
    const local = await serve(html(PAGE));
    const created = await createLink(strict.app, ws, `${local.origin}/admin`);
    const link = await settled(strict.app, ws, created.id);
    expect(link.preview).toMatchObject({ status: 'blocked', title: null, description: null, image: null, error: expect.stringMatching(/loopback/) });
    expect(local.hits()).toBe(0);
    expect(await metricValue(strict.app, 'shortline_link_previews_total', { outcome: 'blocked' })).toBe(1);

    const redirect = await request(strict.app).get(`/${created.slug}`).expect(302);
    expect(redirect.headers.location).toBe(`${local.origin}/admin`);
  });
});

describe("when the target's host is failing (its circuit open)", () => {
  let breaking: TestApp;
  let ws: TestWorkspace;
  beforeAll(async () => {
    breaking = await createTestApp({
      WORKER: 'inline',
      LINK_PREVIEWS: 'on',
      OUTBOUND_ALLOW: '127.0.0.1',
      WORKER_POLL_INTERVAL_MS: '100',
      OUTBOUND_BREAKER_MIN_CALLS: '2',
      OUTBOUND_BREAKER_HALF_OPEN_MS: '700',
    });
    ws = await createWorkspace(breaking.app);
  });
  afterAll(() => breaking.close());

  it('puts the fetch off instead of failing it, and stores the preview once the host answers again', async () => {
    let healthy = false;
    const host = await serve((req, res) => (healthy && req.url === '/page' ? html(PAGE)(req, res) : res.writeHead(500).end()));
    for (const path of ['/a', '/b'])
      expect((await settled(breaking.app, ws, (await createLink(breaking.app, ws, `${host.origin}${path}`)).id)).preview).toMatchObject({
        status: 'failed',
      });
    await eventuallyOpen(breaking, host.origin);

    const hitsBefore = host.hits();
    const created = await createLink(breaking.app, ws, `${host.origin}/page`);
    healthy = true;
    await sleep(300);
    // Refused by the open circuit: still pending, the host not called, no job failed.
    expect((await request(breaking.app).get(`/v1/links/${created.id}`).set(ws.auth).expect(200)).body.preview).toMatchObject({ status: 'pending' });
    expect(host.hits()).toBe(hitsBefore);
    const link = await settled(breaking.app, ws, created.id, 15_000);
    expect(link.preview).toMatchObject({ status: 'ok', title: 'Pricing & plans' });
    // The counter has no series until a job fails: none did, nor was one counted at 0.
    expect(await metricValue(breaking.app, 'shortline_job_failures_total', { task: 'links.fetch-preview' }, { absent: 0 })).toBe(0);
  });
});

/** Waits until the outbound circuit of `origin` is open. */
async function eventuallyOpen(app: TestApp, origin: string): Promise<void> {
  const host = new URL(origin).host;
  for (let i = 0; i < 100; i++) {
    if ((await metricValue(app.app, 'shortline_outbound_circuit_state', { host })) === 2) return;
    await sleep(50);
  }
  throw new Error(`the circuit of ${host} did not open`);
}

describe('when previews are turned off while some are pending', () => {
  it('leaves the pending links with no preview, fetching nothing', async () => {
    // Previews on, no worker: the links wait with their jobs queued.
    const before = await createTestApp({ LINK_PREVIEWS: 'on', OUTBOUND_ALLOW: '127.0.0.1' });
    const ws = await createWorkspace(before.app);
    const target = await serve(html(PAGE));
    const ids = [];
    for (const path of ['/x', '/y']) ids.push((await createLink(before.app, ws, `${target.origin}${path}`)).id);
    await before.shortline.stop();
    // The same database, restarted with previews off and a worker.
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ADMIN_TOKEN,
      DATABASE_URL: before.database.url,
      WORKER: 'inline',
      WORKER_POLL_INTERVAL_MS: '100',
      LINK_PREVIEWS: 'off',
    });
    const after = createShortline({ config, logger: createLogger(config.log), databaseUrl: before.database.url });
    await after.start();
    try {
      for (const id of ids) {
        const read = () =>
          after.db.platform.raw<{ rows: { preview: unknown; preview_host: string | null }[] }>(
            'select preview, preview_host from links.links where id = ?',
            [id],
          );
        await eventually(async () => (await read()).rows[0].preview === null, 10_000, `link ${id} cleared`);
        expect((await read()).rows[0]).toEqual({ preview: null, preview_host: null });
      }
      expect(target.hits()).toBe(0);
    } finally {
      await after.stop();
      await before.database.drop();
    }
  });
});

describe('with LINK_PREVIEWS=off', () => {
  let off: TestApp;
  let ws: TestWorkspace;
  beforeAll(async () => {
    off = await createTestApp({ LINK_PREVIEWS: 'off', OUTBOUND_ALLOW: '127.0.0.1' });
    ws = await createWorkspace(off.app);
  });
  afterAll(() => off.close());

  const queued = async () =>
    Number(
      (
        await off.shortline.db.platform.raw<{ rows: { n: string }[] }>(
          "select count(*) as n from graphile_worker.jobs where task_identifier = 'links.fetch-preview'",
        )
      ).rows[0].n,
    );

  it('shows no preview and queues no fetch, on create, bulk create or a URL change', async () => {
    const created = await createLink(off.app, ws, `${page.origin}/off`);
    expect(created.preview).toBeNull();
    const bulk = await request(off.app)
      .post('/v1/links/bulk')
      .set(ws.auth)
      .send({ links: [{ url: `${page.origin}/off-bulk` }] })
      .expect(200);
    expect(bulk.body.results[0].link.preview).toBeNull();
    const patched = await request(off.app)
      .patch(`/v1/links/${created.id}`)
      .set(ws.auth)
      .send({ url: `${page.origin}/off-2` })
      .expect(200);
    expect(patched.body.preview).toBeNull();
    expect((await request(off.app).get(`/v1/links/${created.id}`).set(ws.auth).expect(200)).body.preview).toBeNull();
    expect(await queued()).toBe(0);
  });
});

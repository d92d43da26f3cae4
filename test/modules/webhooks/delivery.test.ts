import { createHmac } from 'node:crypto';
import request from 'supertest';
import { verifySignature, type Delivery } from '../../../src/modules/webhooks';
import { createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../../support/app';
import { eventually, respond, startReceiver, type Received, type Receiver } from '../../support/receiver';

/** Deliveries to real receivers: payload, headers, signature, click batches, retries, auto-disable, the log and redelivery. */
let t: TestApp;
let acme: TestWorkspace;
const receivers: Receiver[] = [];
beforeAll(async () => {
  t = await createTestApp({
    WORKER: 'inline',
    WORKER_POLL_INTERVAL_MS: '100',
    OUTBOUND_ALLOW: '127.0.0.1',
    OUTBOUND_TIMEOUT_MS: '1000',
    OUTBOUND_BREAKER_HALF_OPEN_MS: '200',
    WEBHOOK_RETRY_BASE_MS: '100',
    WEBHOOK_RETRY_MAX_MS: '2000',
    WEBHOOK_MAX_ATTEMPTS: '4',
    WEBHOOK_DISABLE_AFTER_FAILURES: '6',
    WEBHOOK_CLICK_BATCH_SIZE: '5',
    WEBHOOK_CLICK_BATCH_INTERVAL_MS: '200',
    // Clicks are flushed by the tests (flushClicks), in one piece.
    CLICKS_FLUSH_INTERVAL_MS: '60000',
    LINK_PREVIEWS: 'off',
  });
  acme = await createWorkspace(t.app, 'Acme');
});
afterAll(async () => {
  await t.close();
  for (const r of receivers) await r.close();
});

async function receiver(behaviour = respond(200)): Promise<Receiver> {
  const r = await startReceiver(behaviour);
  receivers.push(r);
  return r;
}

async function webhook(ws: TestWorkspace, url: string, events: string[]): Promise<{ id: string; secret: string }> {
  return (await request(t.app).post('/v1/webhooks').set(ws.auth).send({ url, events }).expect(201)).body;
}

async function deliveries(ws: TestWorkspace, id: string, query = ''): Promise<Delivery[]> {
  return (await request(t.app).get(`/v1/webhooks/${id}/deliveries${query}`).set(ws.auth).expect(200)).body.data;
}

const settled = (list: Delivery[]) => list.length > 0 && list.every((d) => d.status !== 'pending');

/**
 * Checks a request's signature by the scheme the README documents, computed here
 * with node:crypto rather than by the module's own verifier:
 * `Shortline-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`
 * keyed with the webhook's secret, `t` the time it was sent.
 */
function expectSigned(got: Received, secret: string): void {
  const signature = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(got.headers['shortline-signature']));
  expect(signature).not.toBeNull();
  const [, t, v1] = signature!;
  expect(got.at / 1000 - Number(t)).toBeGreaterThanOrEqual(0);
  expect(got.at / 1000 - Number(t)).toBeLessThan(5);
  expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${got.body}`).digest('hex'));
}

it('delivers link events as signed JSON with the documented headers and body', async () => {
  const r = await receiver();
  const hook = await webhook(acme, r.url, ['link.created', 'link.updated', 'link.deleted']);
  const link = (await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/a', slug: 'hooked' }).expect(201)).body;
  await request(t.app).patch(`/v1/links/${link.id}`).set(acme.auth).send({ title: 'Now titled' }).expect(200);
  await request(t.app).delete(`/v1/links/${link.id}`).set(acme.auth).expect(204);

  await eventually(() => r.received.length >= 3 || undefined, 10_000, 'three deliveries');
  const bodies = r.received.map((x) => JSON.parse(x.body));
  expect(bodies.map((b) => b.type).sort()).toEqual(['link.created', 'link.deleted', 'link.updated']);
  const created = bodies.find((b) => b.type === 'link.created');
  expect(created).toEqual({
    id: expect.any(String),
    type: 'link.created',
    createdAt: expect.any(String),
    workspaceId: acme.id,
    data: { link: expect.objectContaining({ id: link.id, slug: 'hooked' }) },
  });
  expect(bodies.find((b) => b.type === 'link.updated').data.changed).toEqual(['title']);
  expect(bodies.find((b) => b.type === 'link.deleted').data).toEqual({ linkId: link.id, slug: 'hooked', domain: null });

  for (const got of r.received) {
    const body = JSON.parse(got.body);
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['shortline-event-id']).toBe(body.id);
    expect(got.headers['shortline-event-type']).toBe(body.type);
    expectSigned(got, hook.secret);
    // The receiver's check (verifySignature) accepts it; a tampered body, another secret, or an old signature (replay) fail.
    const signature = String(got.headers['shortline-signature']);
    expect(verifySignature(hook.secret, got.body, signature)).toBe(true);
    expect(verifySignature(hook.secret, got.body.replace('link.', 'link!'), signature)).toBe(false);
    expect(verifySignature('whsec_someone-else', got.body, signature)).toBe(false);
    expect(verifySignature(hook.secret, got.body, signature, 300, new Date(Date.now() + 600_000))).toBe(false);
  }

  const log = await eventually(async () => {
    const list = await deliveries(acme, hook.id);
    return list.length === 3 && settled(list) && list;
  });
  for (const d of log)
    expect(d).toMatchObject({
      webhookId: hook.id,
      status: 'delivered',
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
      nextAttemptAt: null,
      latencyMs: expect.any(Number),
      deliveredAt: expect.any(String),
    });
});

it('delivers only to endpoints of the event’s workspace that subscribe to its type and are enabled', async () => {
  const globex = await createWorkspace(t.app, 'Globex');
  const mine = await receiver();
  const theirs = await receiver();
  const other = await receiver();
  const off = await receiver();
  await webhook(acme, mine.url, ['link.created']);
  const theirsHook = await webhook(globex, theirs.url, ['link.created']);
  const otherHook = await webhook(acme, other.url, ['link.deleted']);
  const disabled = await webhook(acme, off.url, ['link.created']);
  await request(t.app).patch(`/v1/webhooks/${disabled.id}`).set(acme.auth).send({ enabled: false }).expect(200);

  await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/b', slug: 'only-acme' }).expect(201);
  await eventually(() => mine.received.length === 1 || undefined, 10_000, 'delivery to acme');
  // One fan-out transaction wrote every delivery of the event: the others have none, now or later.
  const db = t.shortline.db.platform;
  const event = String(mine.received[0].headers['shortline-event-id']);
  const rows = await db.raw('select count(*)::int as n from webhooks.deliveries where event_id = ? and endpoint_id in (?, ?, ?)', [
    event,
    theirsHook.id,
    otherHook.id,
    disabled.id,
  ]);
  expect(rows.rows[0].n).toBe(0);
  expect(theirs.received).toHaveLength(0);
  expect(other.received).toHaveLength(0);
  expect(off.received).toHaveLength(0);
});

it('sends a test ping now and logs it', async () => {
  const r = await receiver();
  const hook = await webhook(acme, r.url, ['link.created']);
  const res = await request(t.app).post(`/v1/webhooks/${hook.id}/test`).set(acme.auth).expect(200);
  expect(res.body).toMatchObject({
    delivered: true,
    statusCode: 200,
    error: null,
    latencyMs: expect.any(Number),
    delivery: { eventType: 'ping', status: 'delivered' },
  });
  expect(JSON.parse(r.received[0].body)).toMatchObject({ type: 'ping', workspaceId: acme.id, data: { webhookId: hook.id } });
  expectSigned(r.received[0], hook.secret);

  r.behaviour = respond(500);
  const failed = await request(t.app).post(`/v1/webhooks/${hook.id}/test`).set(acme.auth).expect(200);
  expect(failed.body).toMatchObject({
    delivered: false,
    statusCode: 500,
    error: 'HTTP 500: receiver says no',
    delivery: { status: 'failed', attempts: 1 },
  });
  // A test neither retries nor counts against the endpoint.
  expect((await request(t.app).get(`/v1/webhooks/${hook.id}`).set(acme.auth).expect(200)).body.consecutiveFailures).toBe(0);
  expect((await deliveries(acme, hook.id)).map((d) => d.eventType)).toEqual(['ping', 'ping']);
});

it('batches clicks: one request per batch of up to WEBHOOK_CLICK_BATCH_SIZE, every click once', async () => {
  const r = await receiver();
  const hook = await webhook(acme, r.url, ['link.clicked']);
  const link = (await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/c', slug: 'clicky' }).expect(201)).body;
  for (let i = 0; i < 12; i++) await request(t.app).get('/clicky').expect(302);
  await t.shortline.apis.get('analytics').flushClicks();

  const clicks = await eventually(() => {
    const all = r.received.flatMap((x) => JSON.parse(x.body).data.clicks);
    return all.length >= 12 && all;
  });
  expect(clicks).toHaveLength(12);
  expect(new Set(clicks.map((c: { eventId: string }) => c.eventId)).size).toBe(12);
  expect(clicks[0]).toEqual({
    eventId: expect.any(String),
    linkId: link.id,
    at: expect.any(String),
    referrerHost: null,
    country: null,
    city: null,
    device: expect.any(String),
    browser: expect.any(String),
    os: expect.any(String),
    bot: expect.any(Boolean),
    variant: null,
  });
  expect(r.received.map((x) => JSON.parse(x.body).data.clicks.length).sort()).toEqual([2, 5, 5]);
  for (const got of r.received) {
    expect(JSON.parse(got.body)).toMatchObject({ type: 'link.clicked', workspaceId: acme.id });
    expectSigned(got, hook.secret);
  }
});

it('retries 5xx and 429 with backoff, honouring Retry-After, until delivered', async () => {
  let calls = 0;
  const r = await receiver((_req, res) => {
    calls++;
    if (calls === 1) res.writeHead(503, { 'Retry-After': '1' }).end('busy');
    else if (calls === 2) res.writeHead(429).end();
    else res.writeHead(204).end();
  });
  const hook = await webhook(acme, r.url, ['link.created']);
  await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/d', slug: 'retried' }).expect(201);
  const [d] = await eventually(async () => {
    const list = await deliveries(acme, hook.id);
    return settled(list) && list;
  });
  expect(d).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 204 });
  expect(r.received[1].at - r.received[0].at).toBeGreaterThanOrEqual(950);
  expect(r.received[2].at - r.received[1].at).toBeGreaterThanOrEqual(90); // backoff 100 ms × 2, jittered to at least half
  expect(new Set(r.received.map((x) => x.headers['shortline-event-id'])).size).toBe(1);
  expect(new Set(r.received.map((x) => x.body)).size).toBe(1);
});

it('does not retry other 4xx, and gives up after WEBHOOK_MAX_ATTEMPTS with the reason', async () => {
  const gone = await receiver(respond(410));
  const broken = await receiver(respond(500));
  const a = await webhook(acme, gone.url, ['link.created']);
  const b = await webhook(acme, broken.url, ['link.created']);
  await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/e', slug: 'refused' }).expect(201);
  const [refused] = await eventually(async () => settled(await deliveries(acme, a.id)) && deliveries(acme, a.id));
  expect(refused).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 410, lastError: 'HTTP 410: receiver says no', nextAttemptAt: null });
  const [exhausted] = await eventually(async () => settled(await deliveries(acme, b.id)) && deliveries(acme, b.id));
  expect(exhausted).toMatchObject({
    status: 'failed',
    attempts: 4,
    lastStatusCode: 500,
    lastError: 'HTTP 500: receiver says no; gave up after 4 attempts',
  });
  expect(gone.received).toHaveLength(1);
  expect(broken.received).toHaveLength(4);
});

it('disables an endpoint after WEBHOOK_DISABLE_AFTER_FAILURES failed attempts in a row; re-enabled, it gets redeliveries', async () => {
  const r = await receiver(respond(500));
  const hook = await webhook(acme, r.url, ['link.created']);
  for (const slug of ['down-1', 'down-2', 'down-3'])
    await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/f', slug }).expect(201);

  const disabled = await eventually(async () => {
    const w = (await request(t.app).get(`/v1/webhooks/${hook.id}`).set(acme.auth)).body;
    return !w.enabled && w;
  });
  expect(disabled).toMatchObject({
    enabled: false,
    consecutiveFailures: 6,
    disabledReason: 'Disabled after 6 failed delivery attempts in a row; the last: HTTP 500: receiver says no',
    disabledAt: expect.any(String),
  });
  const log = await eventually(async () => {
    const list = await deliveries(acme, hook.id);
    return settled(list) && list;
  });
  expect(log).toHaveLength(3);
  for (const d of log) expect(d.status).toBe('failed');
  expect(log.some((d) => /webhook is (now )?disabled/.test(d.lastError ?? ''))).toBe(true);
  // No delivery is made for events while disabled; redelivery is refused until re-enabled.
  expectProblem(await request(t.app).post(`/v1/webhooks/${hook.id}/deliveries/${log[0].id}/redeliver`).set(acme.auth), 409);

  r.behaviour = respond(200);
  const before = r.received.length;
  await request(t.app).patch(`/v1/webhooks/${hook.id}`).set(acme.auth).send({ enabled: true }).expect(200);
  for (const d of log) {
    const res = await request(t.app).post(`/v1/webhooks/${hook.id}/deliveries/${d.id}/redeliver`).set(acme.auth).expect(202);
    expect(res.body).toMatchObject({ id: d.id, status: 'pending', attempts: 0 });
  }
  const redelivered = await eventually(async () => {
    const list = await deliveries(acme, hook.id, '?status=delivered');
    return list.length === 3 && list;
  });
  expect(redelivered.every((d) => d.attempts === 1)).toBe(true);
  expect(r.received.length - before).toBe(3);
  expect((await request(t.app).get(`/v1/webhooks/${hook.id}`).set(acme.auth).expect(200)).body).toMatchObject({
    enabled: true,
    consecutiveFailures: 0,
    disabledReason: null,
  });
});

it('pages the delivery log newest first and filters by status', async () => {
  const r = await receiver();
  const hook = await webhook(acme, r.url, ['link.created']);
  for (let i = 0; i < 5; i++) await request(t.app).post(`/v1/webhooks/${hook.id}/test`).set(acme.auth).expect(200);
  r.behaviour = respond(404);
  await request(t.app).post(`/v1/webhooks/${hook.id}/test`).set(acme.auth).expect(200);

  const first = (await request(t.app).get(`/v1/webhooks/${hook.id}/deliveries?limit=4`).set(acme.auth).expect(200)).body;
  expect(first.data).toHaveLength(4);
  expect(first.data[0].status).toBe('failed');
  const second = (await request(t.app).get(`/v1/webhooks/${hook.id}/deliveries?limit=4&cursor=${first.nextCursor}`).set(acme.auth).expect(200)).body;
  expect(second.data).toHaveLength(2);
  expect(second.nextCursor).toBeNull();
  expect(new Set([...first.data, ...second.data].map((d: Delivery) => d.id)).size).toBe(6);
  expect(await deliveries(acme, hook.id, '?status=failed')).toHaveLength(1);
  expect(await deliveries(acme, hook.id, '?status=delivered')).toHaveLength(5);
});

it('shows deliveries in /metrics', async () => {
  const text = (await request(t.app).get('/metrics').expect(200)).text;
  expect(text).toMatch(/shortline_webhook_deliveries_total\{event="link.created",outcome="delivered"\} [1-9]/);
  expect(text).toMatch(/shortline_webhook_deliveries_total\{event="link.created",outcome="retry"\} [1-9]/);
  expect(text).toMatch(/shortline_webhook_endpoints_disabled_total [1-9]/);
  expect(text).toMatch(/shortline_outbound_calls_total\{host="127.0.0.1:\d+",outcome="ok"\} [1-9]/);
});

it('prunes finished deliveries past WEBHOOK_DELIVERY_RETENTION_DAYS, keeping pending and recent ones', async () => {
  const r = await receiver(respond(200));
  const hook = await webhook(acme, r.url, ['link.created']);
  for (let i = 0; i < 3; i++) await request(t.app).post(`/v1/webhooks/${hook.id}/test`).set(acme.auth).expect(200);
  const [oldest, older, recent] = (await deliveries(acme, hook.id)).reverse();
  const db = t.shortline.db.platform;
  await db.raw(`update webhooks.deliveries set updated_at = now() - interval '31 days' where id in (?, ?)`, [oldest.id, older.id]);
  // An old delivery still pending is kept whatever its age: it has an attempt to come.
  await db.raw(`update webhooks.deliveries set updated_at = now() - interval '31 days', status = 'pending' where id = ?`, [older.id]);

  await db.raw("select graphile_worker.add_job('webhooks.prune-deliveries', '{}'::json)");
  await eventually(
    async () =>
      (await db.raw("select count(*)::int as n from graphile_worker.jobs where task_identifier = 'webhooks.prune-deliveries'")).rows[0].n === 0 ||
      undefined,
    10_000,
    'the prune job',
  );

  const left = (await db.raw('select id from webhooks.deliveries where endpoint_id = ?', [hook.id])).rows.map((row: { id: string }) => row.id);
  expect(left.sort()).toEqual([older.id, recent.id].sort());
});

it('answers 404 to a test ping whose webhook was deleted while it was out, leaving nothing pending', async () => {
  let hookId = '';
  const r = await receiver((_req, res) => {
    void request(t.app)
      .delete(`/v1/webhooks/${hookId}`)
      .set(acme.auth)
      .then(() => res.writeHead(200).end());
  });
  hookId = (await webhook(acme, r.url, ['link.created'])).id;
  expectProblem(await request(t.app).post(`/v1/webhooks/${hookId}/test`).set(acme.auth), 404);
  const left = await t.shortline.db.platform.raw('select count(*)::int as n from webhooks.deliveries where endpoint_id = ?', [hookId]);
  expect(left.rows[0].n).toBe(0);
});

it('settles a fan-out whose webhook is deleted while it runs: the job completes, the other webhooks get their delivery, the deleted one nothing', async () => {
  const ws = await createWorkspace(t.app, 'Raced');
  const [kept, gone] = [await receiver(), await receiver()];
  const keptHook = await webhook(ws, kept.url, ['link.created']);
  const goneHook = await webhook(ws, gone.url, ['link.created']);
  const db = t.shortline.db.platform;
  const waitingOnLocks = (n: number) =>
    eventually(
      async () => {
        const { rows } = await db.raw(
          "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
        );
        return rows[0].n >= n;
      },
      5000,
      `${n} sessions waiting on a lock`,
    );
  // Holds the fan-out after it read the endpoints, before it stores their deliveries.
  const gate = await db.transaction();
  await gate.raw('lock table webhooks.deliveries in share mode');
  await request(t.app).post('/v1/links').set(ws.auth).send({ url: 'https://example.com/raced' }).expect(201);
  await waitingOnLocks(1);
  const deleting = request(t.app)
    .delete(`/v1/webhooks/${goneHook.id}`)
    .set(ws.auth)
    .then((res) => res.status);
  await waitingOnLocks(2);
  await gate.commit();
  expect(await deleting).toBe(204);

  const jobs = await eventually(async () => {
    const { rows } = await db.raw("select task_identifier, last_error from graphile_worker.jobs where task_identifier like 'webhooks.%'");
    return (rows.length === 0 || rows.some((job: { last_error: string | null }) => job.last_error !== null)) && rows;
  });
  expect(jobs).toEqual([]);
  expect(kept.received).toHaveLength(1);
  expect(gone.received).toEqual([]);
  expect((await deliveries(ws, keptHook.id)).map((d) => d.status)).toEqual(['delivered']);
});

it('does not redeliver a test ping', async () => {
  const r = await receiver(respond(500));
  const hook = await webhook(acme, r.url, ['link.created']);
  const ping = (await request(t.app).post(`/v1/webhooks/${hook.id}/test`).set(acme.auth).expect(200)).body;
  const problem = expectProblem(await request(t.app).post(`/v1/webhooks/${hook.id}/deliveries/${ping.delivery.id}/redeliver`).set(acme.auth), 409);
  expect(problem.detail).toMatch(/test ping is not redelivered/);
});

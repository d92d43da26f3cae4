import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { Delivery } from '../../../src/modules/webhooks';
import { createTestApp, createWorkspace, type TestApp, type TestWorkspace } from '../../support/app';
import { metricValue } from '../../support/metrics';
import { deadUrl, eventually, hang, reset, respond, startReceiver, type Receiver } from '../../support/receiver';

/**
 * Receivers that fail in every way a network can (500, hanging past the
 * timeout, resetting connections, nothing listening), next to a healthy one:
 * retries keep their schedule, each failing host's circuit opens and fails fast,
 * the healthy endpoint and the redirects do not notice, and after recovery every
 * event is delivered — none goes missing.
 */
let t: TestApp;
let acme: TestWorkspace;
let server: Server;
let base: string;
const receivers: Receiver[] = [];
beforeAll(async () => {
  t = await createTestApp({
    WORKER: 'inline',
    WORKER_CONCURRENCY: '4',
    WORKER_POLL_INTERVAL_MS: '100',
    OUTBOUND_ALLOW: '127.0.0.1',
    OUTBOUND_TIMEOUT_MS: '300',
    OUTBOUND_HOST_CONCURRENCY: '2',
    OUTBOUND_BREAKER_MIN_CALLS: '3',
    OUTBOUND_BREAKER_WINDOW_MS: '5000',
    OUTBOUND_BREAKER_HALF_OPEN_MS: '400',
    WEBHOOK_RETRY_BASE_MS: '100',
    WEBHOOK_RETRY_MAX_MS: '400',
    WEBHOOK_MAX_ATTEMPTS: '50',
    WEBHOOK_DISABLE_AFTER_FAILURES: '1000',
    LINK_PREVIEWS: 'off',
  });
  acme = await createWorkspace(t.app, 'Acme');
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await t.close();
  for (const r of receivers) await r.close();
});

async function receiver(behaviour: Parameters<typeof startReceiver>[0], port = 0): Promise<Receiver> {
  const r = await startReceiver(behaviour, port);
  receivers.push(r);
  return r;
}

/** p99 of `count` redirects, 5 at a time, in milliseconds. */
async function redirectP99(slug: string, count = 300): Promise<number> {
  const times: number[] = [];
  const one = async () => {
    const started = performance.now();
    const res = await fetch(`${base}/${slug}`, { redirect: 'manual' });
    await res.arrayBuffer();
    if (res.status !== 302) throw new Error(`redirect answered ${res.status}`);
    times.push(performance.now() - started);
  };
  for (let i = 0; i < count; i += 5) await Promise.all([one(), one(), one(), one(), one()]);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length * 0.99)];
}

const host = (url: string) => new URL(url).host;

it('contains every kind of receiver failure, and delivers everything once receivers recover', async () => {
  await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/hot', slug: 'hot' }).expect(201);
  await redirectP99('hot', 100); // warm-up
  const quietP99 = await redirectP99('hot');

  const healthy = await receiver(respond(200));
  const failing = await receiver(respond(500));
  const hanging = await receiver(hang);
  const resetting = await receiver(reset);
  const nowhere = await deadUrl();
  const urls = { healthy: healthy.url, failing: failing.url, hanging: hanging.url, resetting: resetting.url, nowhere };
  const hooks: Record<string, string> = {};
  for (const [name, url] of Object.entries(urls)) {
    hooks[name] = (
      await request(t.app)
        .post('/v1/webhooks')
        .set(acme.auth)
        .send({ url, events: ['link.created'] })
        .expect(201)
    ).body.id;
  }

  const EVENTS = 10;
  const started = Date.now();
  for (let i = 0; i < EVENTS; i++)
    await request(t.app)
      .post('/v1/links')
      .set(acme.auth)
      .send({ url: `https://example.com/${i}`, slug: `fault-${i}` })
      .expect(201);
  const busyP99 = await redirectP99('hot');

  // The healthy endpoint gets its events promptly: four failing hosts hold at most their bulkheads.
  await eventually(() => healthy.received.length >= EVENTS || undefined, 5_000, 'healthy deliveries');
  const healthyMs = Date.now() - started;
  expect(hanging.maxInFlight).toBeLessThanOrEqual(2);

  // Each failing host's circuit opened: calls to it were refused without reaching it.
  for (const url of [failing.url, hanging.url, resetting.url, nowhere]) {
    await eventually(
      async () =>
        (await metricValue(t.app, 'shortline_outbound_calls_total', { host: host(url), outcome: 'circuit-open' }, { absent: 0 })) > 0 || undefined,
      10_000,
      `circuit of ${url}`,
    );
  }
  // While open, a call fails fast and never reaches the host.
  const ping = await eventually(async () => {
    const started = Date.now();
    const res = await request(t.app).post(`/v1/webhooks/${hooks.failing}/test`).set(acme.auth).expect(200);
    return /circuit open/.test(res.body.error ?? '') && { body: res.body, ms: Date.now() - started };
  });
  expect(ping.body.delivered).toBe(false);
  expect(ping.ms).toBeLessThan(250);
  expect(failing.received.some((x) => x.headers['shortline-event-id'] === ping.body.delivery.eventId)).toBe(false);

  // Retries keep to their schedule: attempts of one event at least the jittered backoff apart.
  const gaps = await eventually(
    () => {
      const byEvent = new Map<string, number[]>();
      for (const got of failing.received) {
        const id = String(got.headers['shortline-event-id']);
        byEvent.set(id, [...(byEvent.get(id) ?? []), got.at]);
      }
      const found = [...byEvent.values()].flatMap((times) => times.slice(1).map((at, i) => at - times[i]));
      return found.length > 0 && found;
    },
    10_000,
    'a retried event',
  );
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(45);

  // Recovery: every receiver answers 200 again, the dead one listens again.
  for (const r of [failing, hanging, resetting]) r.behaviour = respond(200);
  const revived = await receiver(respond(200), Number(new URL(nowhere).port));

  const logs = await eventually(
    async () => {
      const all: Record<string, Delivery[]> = {};
      for (const [name, id] of Object.entries(hooks)) {
        all[name] = (await request(t.app).get(`/v1/webhooks/${id}/deliveries?limit=100`).set(acme.auth).expect(200)).body.data.filter(
          (d: Delivery) => d.eventType === 'link.created',
        );
      }
      return Object.values(all).every((list) => list.length === EVENTS && list.every((d) => d.status === 'delivered')) && all;
    },
    30_000,
    'every delivery delivered',
  );
  // Counted: every event reached every receiver, none missing.
  for (const [name, r] of Object.entries({ healthy, failing, hanging, resetting, nowhere: revived })) {
    const delivered = new Set(logs[name].map((d) => d.eventId));
    const seen = new Set(
      r.received.filter((x) => x.headers['shortline-event-type'] === 'link.created').map((x) => String(x.headers['shortline-event-id'])),
    );
    expect(delivered.size).toBe(EVENTS);
    for (const id of delivered) expect(seen.has(id)).toBe(true);
  }
  // The circuits closed again.
  for (const url of [failing.url, hanging.url, resetting.url, nowhere]) {
    await eventually(
      async () => (await metricValue(t.app, 'shortline_outbound_circuit_state', { host: host(url) })) === 0 || undefined,
      5_000,
      `closed circuit of ${url}`,
    );
  }

  // Redirects did not notice: p99 within a generous bound of the quiet one.
  console.log(
    `redirect p99: quiet ${quietP99.toFixed(1)} ms, with failing receivers ${busyP99.toFixed(1)} ms; healthy endpoint served in ${healthyMs} ms`,
  );
  expect(busyP99).toBeLessThan(Math.max(4 * quietP99, quietP99 + 100));
}, 120_000);

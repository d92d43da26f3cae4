import { fork } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import request from 'supertest';
import { loadConfig } from '../../src/app/config';
import { createLogger } from '../../src/shared/logging';
import { createShortline, type Shortline } from '../../src/app/shortline';
import { numberArg } from './support/args';
import { benchDatabase, benchWorkspace } from './support/database';
import { median, table } from './support/load';

/**
 * Webhook delivery, in one run on 127.0.0.1 (receivers in a child process):
 *   1. raw      the baseline: plain keep-alive-less POSTs of a delivery-sized body
 *               to the fast receiver, as many at once as Shortline may send to
 *               one host (OUTBOUND_HOST_CONCURRENCY): the ceiling for one host.
 *   2. fast     N link.created events (bulk-created links, 1,000 per request) to
 *               one endpoint on the fast receiver, end to end: from the first
 *               request until every delivery is recorded delivered (fan-out,
 *               signing, POST, bookkeeping, job queue). deliveries/s = N / time.
 *   3. hanging  the same N events to two endpoints, the fast one and one whose
 *               receiver never answers (each call ends at OUTBOUND_TIMEOUT_MS).
 *               The fast endpoint's rate, and what the hanging one holds:
 *               connections it holds open (sampled by the receiver) and job
 *               slots its deliveries occupy (running webhooks.deliver jobs of
 *               its deliveries, sampled every 50 ms), overall and while its
 *               circuit is open. Target: never beyond the per-host bulkhead.
 * Worker settings are Shortline's defaults (WORKER_CONCURRENCY 4,
 * OUTBOUND_HOST_CONCURRENCY 2) unless given.
 *
 *   npm run bench:webhooks [-- --events 5000 --rounds 3 --timeout-ms 2000 --concurrency 4 --host-concurrency 2]
 */
const argv = process.argv.slice(2);
const EVENTS = numberArg(argv, 'events', 5000);
const ROUNDS = numberArg(argv, 'rounds', 3);
const TIMEOUT_MS = numberArg(argv, 'timeout-ms', 2000);
const CONCURRENCY = numberArg(argv, 'concurrency', 4);
const HOST_CONCURRENCY = numberArg(argv, 'host-concurrency', 2);

interface ReceiverState {
  port: number;
  received: number;
  inFlight: number;
  maxInFlight: number;
}

async function main() {
  const receivers = fork(path.join(__dirname, 'webhook-receivers.js'));
  let latest: { fast: ReceiverState; hanging: ReceiverState } | undefined;
  const ready = new Promise<void>((resolve) =>
    receivers.on('message', (message) => {
      latest = message as typeof latest;
      resolve();
    }),
  );
  await ready;
  const database = await benchDatabase();
  try {
    const { apiKey } = await benchWorkspace(database.url);
    const config = loadConfig({
      DATABASE_URL: database.url,
      NODE_ENV: 'production',
      METRICS_OPEN: 'on',
      LOG_LEVEL: 'warn',
      ACCESS_LOG: 'off',
      // The worker is started once each phase's events are in, so what is timed is delivery alone.
      WORKER: 'off',
      WORKER_CONCURRENCY: String(CONCURRENCY),
      OUTBOUND_ALLOW: '127.0.0.1',
      OUTBOUND_TIMEOUT_MS: String(TIMEOUT_MS),
      OUTBOUND_HOST_CONCURRENCY: String(HOST_CONCURRENCY),
      LINK_PREVIEWS: 'off',
      LINKS_MAX_PER_WORKSPACE: '10000000',
      WEBHOOK_DISABLE_AFTER_FAILURES: '100000',
    });
    const shortline = createShortline({ config, logger: createLogger(config.log), databaseUrl: database.url });
    await shortline.migrate();
    await shortline.start();
    const auth = { Authorization: `Bearer ${apiKey}` };
    const fastUrl = `http://127.0.0.1:${latest!.fast.port}/hook`;
    const hangingUrl = `http://127.0.0.1:${latest!.hanging.port}/hook`;
    const rows: (string | number)[][] = [];
    const results = {
      raw: [] as number[],
      fast: [] as number[],
      nextToHanging: [] as number[],
      connections: [] as number[],
      slots: [] as number[],
      slotsOpen: [] as number[],
    };
    let batch = 0;

    for (let round = 1; round <= ROUNDS; round++) {
      results.raw.push(await rawPosts(fastUrl, EVENTS, HOST_CONCURRENCY));

      const fast = await webhook(shortline, auth, fastUrl);
      results.fast.push(await deliverAll(shortline, auth, [fast], `r${round}a`, () => batch++));
      await remove(shortline, auth, fast);

      const fast2 = await webhook(shortline, auth, fastUrl);
      const hanging = await webhook(shortline, auth, hangingUrl);
      const held = { slots: 0, slotsOpen: 0 };
      const hangingHost = new URL(hangingUrl).host;
      let sampling: Promise<void> | undefined;
      const sampler = setInterval(() => {
        sampling ??= (async () => {
          const running = await slotsHeld(shortline, hanging);
          held.slots = Math.max(held.slots, running);
          const text = await shortline.metrics.registry.getSingleMetricAsString('shortline_outbound_circuit_state');
          if (new RegExp(`host="${hangingHost}"} 2`).test(text)) held.slotsOpen = Math.max(held.slotsOpen, running);
        })().finally(() => (sampling = undefined));
      }, 50);
      const connectionsBefore = latest!.hanging.maxInFlight;
      results.nextToHanging.push(await deliverAll(shortline, auth, [fast2], `r${round}b`, () => batch++));
      clearInterval(sampler);
      await sampling;
      results.connections.push(Math.max(latest!.hanging.maxInFlight, connectionsBefore));
      results.slots.push(held.slots);
      results.slotsOpen.push(held.slotsOpen);
      await remove(shortline, auth, fast2);
      await remove(shortline, auth, hanging);
      console.log(
        `round ${round}: raw ${results.raw[round - 1].toFixed(0)}/s, fast ${results.fast[round - 1].toFixed(0)}/s, next to hanging ${results.nextToHanging[round - 1].toFixed(0)}/s, hanging held ${held.slots} slots (${held.slotsOpen} while open)`,
      );
    }

    const ratios = results.fast.map((value, i) => value / results.raw[i]);
    rows.push(['raw POSTs (baseline, one host)', median(results.raw).toFixed(0), '100%']);
    rows.push(['Shortline deliveries, fast receiver', median(results.fast).toFixed(0), `${(median(ratios) * 100).toFixed(0)}%`]);
    rows.push([
      'Shortline deliveries, next to a hanging receiver',
      median(results.nextToHanging).toFixed(0),
      `${(median(results.nextToHanging.map((value, i) => value / results.raw[i])) * 100).toFixed(0)}%`,
    ]);
    console.log(
      `\nWebhook deliveries: ${EVENTS} events per run, ${ROUNDS} rounds (medians), WORKER_CONCURRENCY ${CONCURRENCY}, OUTBOUND_HOST_CONCURRENCY ${HOST_CONCURRENCY}, OUTBOUND_TIMEOUT_MS ${TIMEOUT_MS}\n`,
    );
    console.log(table(['what', 'deliveries/s', 'vs raw'], rows));
    console.log('\nHanging receiver (max over the run, per round):');
    console.log(
      table(
        ['what', 'rounds', 'limit'],
        [
          ['connections held open at the receiver', results.connections.join(', '), HOST_CONCURRENCY],
          ['job slots held by its deliveries', results.slots.join(', '), HOST_CONCURRENCY],
          ['... while its circuit was open', results.slotsOpen.join(', '), HOST_CONCURRENCY],
        ],
      ),
    );
    await shortline.stop();
  } finally {
    receivers.disconnect();
    await database.stop();
  }
}

async function webhook(shortline: Shortline, auth: Record<string, string>, url: string): Promise<string> {
  const res = await request(shortline.app)
    .post('/v1/webhooks')
    .set(auth)
    .send({ url, events: ['link.created'] });
  if (res.status !== 201) throw new Error(`creating the webhook answered ${res.status}: ${res.text}`);
  return res.body.id;
}

async function remove(shortline: Shortline, auth: Record<string, string>, id: string): Promise<void> {
  await request(shortline.app).delete(`/v1/webhooks/${id}`).set(auth).expect(204);
}

/**
 * Creates EVENTS links (so EVENTS link.created events, queued), then runs the
 * worker until every delivery to `endpoints` is delivered: deliveries/s from
 * the worker's start (fan-out included).
 */
async function deliverAll(
  shortline: Shortline,
  auth: Record<string, string>,
  endpoints: string[],
  tag: string,
  nextBatch: () => number,
): Promise<number> {
  for (let i = 0; i < EVENTS; i += 1000) {
    const links = Array.from({ length: Math.min(1000, EVENTS - i) }, (_, j) => ({
      url: `https://example.com/${tag}/${i + j}`,
      slug: `wh-${tag}-${nextBatch()}-${j}`,
    }));
    const res = await request(shortline.app).post('/v1/links/bulk').set(auth).send({ links });
    if (res.status !== 200 || res.body.failed > 0) throw new Error(`bulk create failed: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  }
  const db = shortline.db.platform;
  const started = Date.now();
  await shortline.jobs.start();
  for (;;) {
    const { rows } = await db.raw<{ rows: { n: string }[] }>(
      `select count(*) as n from webhooks.deliveries where endpoint_id = any(?::uuid[]) and status = 'delivered'`,
      [endpoints],
    );
    if (Number(rows[0].n) >= EVENTS * endpoints.length) break;
    if (Date.now() - started > 600_000) throw new Error('deliveries did not finish within 10 minutes');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const rate = (EVENTS * endpoints.length) / ((Date.now() - started) / 1000);
  await shortline.jobs.stop();
  return rate;
}

/**
 * Job slots `endpoint`'s deliveries hold: running webhooks.deliver jobs of its
 * deliveries that have run for over 100 ms. Shorter ones are not held by the
 * receiver: a call refused by an open circuit fails in well under a millisecond,
 * and a wait for a bulkhead slot ends within 50 ms.
 */
async function slotsHeld(shortline: Shortline, endpoint: string): Promise<number> {
  const { rows } = await shortline.db.platform.raw<{ rows: { n: string }[] }>(
    `select count(*) as n from graphile_worker._private_jobs j
       join graphile_worker._private_tasks t on t.id = j.task_id
       join webhooks.deliveries d on d.id = (j.payload->>'deliveryId')::uuid
      where t.identifier = 'webhooks.deliver' and j.locked_at < now() - interval '100 milliseconds' and d.endpoint_id = ?`,
    [endpoint],
  );
  return Number(rows[0].n);
}

/** The baseline: `count` POSTs of a delivery-sized body, `concurrency` at a time, a new connection each (as Shortline makes them). */
async function rawPosts(url: string, count: number, concurrency: number): Promise<number> {
  const body = JSON.stringify({
    id: '00000000-0000-4000-8000-000000000000',
    type: 'link.created',
    createdAt: new Date().toISOString(),
    workspaceId: 'x',
    data: { link: { url: 'https://example.com/'.padEnd(400, 'x') } },
  });
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(url, { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end(body);
    });
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) await post();
    }),
  );
  return count / ((Date.now() - started) / 1000);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

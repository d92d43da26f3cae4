import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '../support/database';
import { eventually } from '../support/receiver';
import { startStoppablePostgres } from '../support/stoppable-postgres';
import { createSmallVolumeDatabase, smallVolumeUnavailable } from './support/full-disk';
import { otherStatuses, percentile, redirects, startLoad as start, type Load, type LoadOptions, type LoadResult } from './support/load';
import { FLUSH_INTERVAL_MS, sleep, startShortline, storedClicks, type ApiAnswer } from './support/shortline';

/**
 * Faults against a real server process under redirect load (`npm run test:chaos`,
 * docs/faults.md): each test breaks one thing, asserts what Shortline promises
 * about it, and adds a row to the table printed at the end. A click is
 * "acknowledged" when its redirect was answered 302 to the load generator, and
 * "stored" when it is in analytics.clicks once the server flushed or recovered.
 */
interface Row {
  fault: string;
  served: number;
  acknowledged: number;
  stored: number | string;
  lost: number | string;
}
const rows: Row[] = [];
/** Figures printed under the table. */
const notes: string[] = [];

function addRow(fault: string, result: LoadResult, stored: number): number {
  const acknowledged = redirects(result);
  rows.push({ fault, served: result.status.length, acknowledged, stored, lost: acknowledged - stored });
  return acknowledged - stored;
}

// A failed assertion must not leave load running at a stopped server: jest would never exit.
const loads: Load[] = [];
function startLoad(options: LoadOptions): Load {
  const load = start(options);
  loads.push(load);
  return load;
}
afterEach(async () => {
  await Promise.all(loads.splice(0).map((load) => load.stop()));
});

afterAll(() => {
  const table = [
    '| Fault | Requests served | Clicks acknowledged | Clicks stored | Lost |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.fault} | ${r.served} | ${r.acknowledged} | ${r.stored} | ${r.lost} |`),
  ];
  process.stdout.write(`\n${table.join('\n')}\n\n${notes.map((note) => `- ${note}\n`).join('')}\n`);
});

/** A write the API must refuse during the fault: 503, a problem document with Retry-After, in under 2 s. */
function expectQuick503(answer: ApiAnswer, fault: string): void {
  notes.push(`${fault}: a write answered ${answer.status} in ${Math.round(answer.ms)} ms`);
  expect({ status: answer.status, type: answer.type }).toEqual({ status: 503, type: expect.stringContaining('application/problem+json') });
  expect(answer.body.status).toBe(503);
  expect(answer.ms).toBeLessThan(2000);
}

/**
 * After a fault of the database from `from` to `to`: writes are taken again,
 * redirects went on through the fault, and every click acknowledged under
 * load is stored, the clicks held in memory written once the database took
 * them (`logged` names what the fault itself must have logged).
 */
async function expectRecovered(
  shortline: Awaited<ReturnType<typeof startShortline>>,
  load: Load,
  fault: { databaseUrl: string; linkId: string; from: number; to: number },
  label: string,
  logged: string[],
): Promise<void> {
  await eventually(
    async () => (await shortline.api('POST', '/v1/links', { url: 'https://example.com/after' })).status === 201,
    20_000,
    'a link created',
  );
  await sleep(1000);
  const result = await load.stop();
  expect(redirects(result, fault.from, fault.to)).toBeGreaterThan(500);
  expect(otherStatuses(result)).toEqual({});
  const acknowledged = redirects(result);
  await eventually(async () => (await storedClicks(fault.databaseUrl, fault.linkId)) >= acknowledged, 15_000, `the clicks held through: ${label}`);
  for (const line of [...logged, 'click writes recovered']) expect(shortline.process.output()).toContain(line);
  expect(addRow(label, result, await storedClicks(fault.databaseUrl, fault.linkId))).toBe(0);
}

it('loses at most one flush window of clicks when the server is killed with SIGKILL under load', async () => {
  const database = await createTestDatabase();
  const shortline = await startShortline({ DATABASE_URL: database.url });
  try {
    const link = await shortline.createLink();
    const load = startLoad({ url: `${shortline.base}/${link.slug}` });
    await sleep(4000);
    const killedAt = Date.now();
    await shortline.stop('SIGKILL');
    const result = await load.stop();

    const lost = addRow('`kill -9` under load', result, await storedClicks(database.url, link.id));
    // In memory at the kill: what came since the last flush began — one interval, plus a write in progress and a late timer.
    const window = redirects(result, killedAt - FLUSH_INTERVAL_MS - 500);
    notes.push(`kill -9: ${lost} clicks lost; ${window} were acknowledged in the last ${FLUSH_INTERVAL_MS + 500} ms before the kill`);
    expect(redirects(result)).toBeGreaterThan(500);
    expect(lost).toBeLessThanOrEqual(window);
    expect(otherStatuses(result)).toEqual({});
  } finally {
    await shortline.stop('SIGKILL');
    await database.drop();
  }
});

it('loses no click when the server stops on SIGTERM under load', async () => {
  const database = await createTestDatabase();
  const shortline = await startShortline({ DATABASE_URL: database.url });
  try {
    const link = await shortline.createLink();
    const load = startLoad({ url: `${shortline.base}/${link.slug}` });
    await sleep(4000);
    // The load goes on until the server has stopped: requests after it closed its port are refused, never half-answered.
    expect(await shortline.stop('SIGTERM')).toBe(0);
    const result = await load.stop();

    expect(addRow('SIGTERM under load', result, await storedClicks(database.url, link.id))).toBe(0);
    expect(redirects(result)).toBeGreaterThan(500);
    expect(otherStatuses(result)).toEqual({});
    expect(shortline.process.output()).toContain('shutdown complete');
  } finally {
    await shortline.stop('SIGKILL');
    await database.drop();
  }
});

it('keeps redirecting through a database outage, refuses writes with a quick 503, and recovers without a restart, losing no click', async () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'shortline-outage-'));
  chmodSync(scratch, 0o755);
  const dataDir = path.join(scratch, 'pg');
  let postgres = await startStoppablePostgres({ dataDir });
  const shortline = await startShortline({ DATABASE_URL: postgres.url });
  try {
    const link = await shortline.createLink();
    const load = startLoad({ url: `${shortline.base}/${link.slug}` });
    await sleep(2000);

    const downAt = Date.now();
    await postgres.stop();
    expectQuick503(await shortline.api('POST', '/v1/links', { url: 'https://example.com/during-the-outage' }), 'outage');
    await sleep(4000);
    expectQuick503(await shortline.api('POST', '/v1/links', { url: 'https://example.com/still-down' }), 'outage, 4 s in');
    const upAt = Date.now();
    postgres = await startStoppablePostgres({ dataDir, port: postgres.port });

    // The same process takes writes again.
    await expectRecovered(
      shortline,
      load,
      { databaseUrl: postgres.url, linkId: link.id, from: downAt, to: upAt },
      'PostgreSQL stopped for 4 s under load',
      [
        // Held in memory while writes failed, then written: not merely written late.
        'click write failed; keeping clicks in memory',
      ],
    );
    expect(shortline.process.child.exitCode).toBeNull();
  } finally {
    await shortline.stop('SIGKILL');
    await postgres.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
});

it("keeps the redirects' p99 when a webhook receiver accepts connections and never answers", async () => {
  // Answers at first (the cost of webhooks themselves, for comparison), then holds every request it gets.
  let answering = true;
  const held: http.ServerResponse[] = [];
  const receiver = http.createServer((req, res) => {
    req.resume();
    if (answering) res.end('ok');
    else held.push(res);
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const database = await createTestDatabase();
  const shortline = await startShortline({
    DATABASE_URL: database.url,
    OUTBOUND_ALLOW: '127.0.0.1',
    // A request of clicks every half second; once hanging, each is held until OUTBOUND_TIMEOUT_MS (10 s).
    WEBHOOK_CLICK_BATCH_INTERVAL_MS: '500',
  });
  try {
    const link = await shortline.createLink();
    const load = startLoad({ url: `${shortline.base}/${link.slug}`, rate: 500 });
    await sleep(2000); // warm-up, not measured
    const phase = async () => {
      const from = Date.now();
      await sleep(8000);
      return { from, to: Date.now() };
    };
    const without = await phase();
    const hook = await shortline.api('POST', '/v1/webhooks', {
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
      events: ['link.clicked'],
    });
    expect(hook.status).toBe(201);
    const answered = await phase();
    answering = false;
    await eventually(() => held.length > 0, 15_000, 'a delivery to the hanging receiver');
    const hanging = await phase();
    const result = await load.stop();

    const p99 = (window: { from: number; to: number }) => percentile(result, 99, window.from, window.to);
    notes.push(
      `webhook: redirect p99 ${p99(without).toFixed(1)} ms without one, ${p99(answered).toFixed(1)} ms with one answering, ` +
        `${p99(hanging).toFixed(1)} ms with it hanging (${held.length} requests held)`,
    );
    // This machine is shared and noisy: "unchanged" means within 3x or 50 ms of the same run's baseline.
    expect(p99(hanging)).toBeLessThanOrEqual(Math.max(3 * p99(without), p99(without) + 50));
    expect(otherStatuses(result)).toEqual({});
    const acknowledged = redirects(result);
    await eventually(async () => (await storedClicks(database.url, link.id)) >= acknowledged, 15_000, 'every click stored');
    expect(addRow('webhook receiver hangs', result, await storedClicks(database.url, link.id))).toBe(0);
  } finally {
    await shortline.stop('SIGKILL');
    await database.drop();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  }
});

const noSmallVolume = smallVolumeUnavailable();
(noSmallVolume === undefined ? it : it.skip)(
  "refuses writes with 503 while the database's volume is full, keeps redirecting and reading, and recovers when space returns, losing no click",
  async () => {
    const database = await createSmallVolumeDatabase(128);
    const shortline = await startShortline({ DATABASE_URL: database.url });
    try {
      const link = await shortline.createLink();
      const load = startLoad({ url: `${shortline.base}/${link.slug}` });
      await sleep(2000);

      const fullAt = Date.now();
      database.fill();
      // A thousand links need new pages, which the volume no longer has.
      expectQuick503(
        await shortline.api('POST', '/v1/links/bulk', { links: Array.from({ length: 1000 }, (_, i) => ({ url: `https://example.com/${i}` })) }),
        'full disk, a bulk create of 1000 links',
      );
      const read = await shortline.api('GET', '/v1/links');
      expect(read.status).toBe(200);
      notes.push(`full disk: listing links answered ${read.status} in ${Math.round(read.ms)} ms`);
      await sleep(4000);
      const freedAt = Date.now();
      database.free();

      await expectRecovered(
        shortline,
        load,
        { databaseUrl: database.url, linkId: link.id, from: fullAt, to: freedAt },
        'database volume full for 4 s',
        ['No space left on device'],
      );
    } finally {
      await shortline.stop('SIGKILL');
      await database.drop();
    }
  },
);
if (noSmallVolume !== undefined)
  rows.push({ fault: `database volume full: not run, ${noSmallVolume}`, served: 0, acknowledged: 0, stored: '–', lost: '–' });

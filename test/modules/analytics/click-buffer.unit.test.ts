import { ClickBuffer } from '../../../src/modules/analytics/click-buffer';
import type { Click } from '../../../src/modules/links';
import { createLogger } from '../../../src/shared/logging';
import { createMetrics, type Metrics } from '../../../src/shared/metrics';

/**
 * The click buffer's promises, with a writer that can be made to fail (the
 * database side is covered end to end in stats.test.ts and outbox.test.ts).
 */
const logger = createLogger({ level: 'silent', format: 'json' });
const click = (n: number): Click => ({
  linkId: `l${n}`,
  workspaceId: 'w',
  at: n,
  referrer: undefined,
  userAgent: undefined,
  ip: undefined,
  country: undefined,
});

function setup(options: { flushSize?: number; maxBuffered?: number; flushIntervalMs?: number; stopBudgetMs?: number; writeMs?: number } = {}) {
  const written: Click[][] = [];
  let failing = false;
  const metrics: Metrics = createMetrics();
  const buffer = new ClickBuffer({
    flushIntervalMs: options.flushIntervalMs ?? 60_000,
    flushSize: options.flushSize ?? 1000,
    maxBuffered: options.maxBuffered ?? 10_000,
    stopBudgetMs: options.stopBudgetMs ?? 10_000,
    write: async (clicks) => {
      if (failing) throw new Error('database down');
      if (options.writeMs) await new Promise((resolve) => setTimeout(resolve, options.writeMs));
      written.push([...clicks]);
    },
    logger,
    metrics,
  });
  const metric = async (name: string, labels = '') =>
    Number(new RegExp(`^${name}${labels.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(await metrics.registry.metrics())?.[1] ?? 0);
  return { buffer, written, metric, fail: (on: boolean) => (failing = on) };
}

it('writes many clicks with one write per flush, in order', async () => {
  const { buffer, written, metric } = setup({ flushSize: 2500 });
  for (let i = 0; i < 6000; i++) buffer.record(click(i));
  await buffer.flush();
  expect(written.map((batch) => batch.length)).toEqual([2500, 2500, 1000]);
  expect(written.flat().map((c) => c.at)).toEqual(Array.from({ length: 6000 }, (_, i) => i));
  expect(await metric('shortline_clicks_written_total')).toBe(6000);
  expect(await metric('shortline_click_flush_size_count')).toBe(3);
  await buffer.stop();
});

it('flushes by itself once flushSize clicks wait, and on its interval', async () => {
  const { buffer, written } = setup({ flushSize: 10, flushIntervalMs: 50 });
  for (let i = 0; i < 10; i++) buffer.record(click(i));
  await new Promise((r) => setImmediate(r));
  await buffer.flush();
  expect(written[0]).toHaveLength(10);
  buffer.record(click(99));
  await new Promise((r) => setTimeout(r, 120));
  expect(written.flat()).toHaveLength(11);
  await buffer.stop();
});

it('leaves clicks that arrive during a write for the next tick, so a steady stream is written in few large batches', async () => {
  // Each write takes 20 ms while a click arrives every 2 ms: writing those at
  // once would chain ~25 writes of ~10 clicks over 500 ms instead of ~5 flushes.
  const { buffer, written } = setup({ flushIntervalMs: 100, writeMs: 20 });
  for (let i = 0; i < 250; i++) {
    buffer.record(click(i));
    await new Promise((r) => setTimeout(r, 2));
  }
  await buffer.stop();
  expect(written.flat().map((c) => c.at)).toEqual(Array.from({ length: 250 }, (_, i) => i));
  expect(written.length).toBeLessThanOrEqual(12);
});

it('keeps clicks through failed writes, then writes them all, in order', async () => {
  const { buffer, written, fail, metric } = setup();
  fail(true);
  for (let i = 0; i < 5; i++) buffer.record(click(i));
  await buffer.flush();
  await buffer.flush();
  expect(written).toEqual([]);
  expect(await metric('shortline_clicks_buffered')).toBe(5);
  fail(false);
  for (let i = 5; i < 8; i++) buffer.record(click(i));
  await buffer.flush();
  expect(written.flat().map((c) => c.at)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  expect(await metric('shortline_click_flush_duration_seconds_count', '{outcome="error"}')).toBe(2);
  await buffer.stop();
});

it('holds at most maxBuffered clicks while writes fail, dropping the oldest and counting them', async () => {
  const { buffer, written, fail, metric } = setup({ maxBuffered: 100 });
  fail(true);
  for (let i = 0; i < 250; i++) buffer.record(click(i));
  await buffer.flush();
  expect(await metric('shortline_clicks_buffered')).toBeLessThanOrEqual(100);
  const dropped = await metric('shortline_clicks_dropped_total', '{reason="buffer_full"}');
  expect(dropped).toBe(250 - (await metric('shortline_clicks_buffered')));
  fail(false);
  await buffer.flush();
  const kept = written.flat().map((c) => c.at);
  // The newest survive, in order.
  expect(kept[kept.length - 1]).toBe(249);
  expect(kept).toEqual([...kept].sort((a, b) => a - b));
  expect(kept.length + dropped).toBe(250);
  await buffer.stop();
});

it('writes what is left on stop, and counts clicks it could not write', async () => {
  const first = setup();
  for (let i = 0; i < 3; i++) first.buffer.record(click(i));
  await first.buffer.stop();
  expect(first.written.flat()).toHaveLength(3);

  const second = setup();
  second.fail(true);
  second.buffer.record(click(1));
  await second.buffer.stop();
  expect(await second.metric('shortline_clicks_dropped_total', '{reason="shutdown"}')).toBe(1);
});

it('writes a backlog on stop in big batches, for at most its budget, and counts what it had to drop', async () => {
  // flushSize 1 (batching off) and a slow database: 5,000 clicks would take 5,000 writes.
  const { buffer, written, metric } = setup({ flushSize: 1, writeMs: 100, stopBudgetMs: 250, maxBuffered: 100_000 });
  for (let i = 0; i < 5000; i++) buffer.record(click(i));
  await new Promise((resolve) => setImmediate(resolve)); // the size-triggered flush starts: one click
  const started = Date.now();
  await buffer.stop();
  expect(Date.now() - started).toBeLessThan(600);
  const count = written.flat().length;
  expect(written.slice(1).every((batch) => batch.length === 1000)).toBe(true);
  expect(count).toBeGreaterThanOrEqual(2001);
  expect(count + (await metric('shortline_clicks_dropped_total', '{reason="shutdown"}'))).toBe(5000);
});

import { Counter, Gauge, Histogram } from 'prom-client';
import type { Logger } from '../../shared/logging';
import type { Metrics } from '../../shared/metrics';
import type { Click, ClickSink } from '../links';

export interface ClickBufferOptions {
  /** Written at least this often... */
  flushIntervalMs: number;
  /** ...or as soon as this many clicks wait; also the most written by one statement. */
  flushSize: number;
  /** Held at most while writes fail; then the oldest are dropped (and counted). */
  maxBuffered: number;
  /** How long `stop` may spend writing what is left (the process's shutdown budget). */
  stopBudgetMs: number;
  write(clicks: readonly Click[]): Promise<void>;
  logger: Logger;
  metrics: Metrics;
}

/**
 * The analytics click sink: `record` appends to memory and returns; a flush
 * writes what has gathered with one statement, at least every flushIntervalMs or
 * as soon as flushSize clicks wait, one flush at a time. A failed flush puts its
 * clicks back and is retried on the next tick, so a database outage costs
 * memory up to maxBuffered clicks, then the oldest 1% at a time are dropped
 * and counted in shortline_clicks_dropped_total: the redirect never waits.
 * `stop` flushes what is left, in batches of at least SHUTDOWN_BATCH, for at
 * most stopBudgetMs; what is still unwritten then is dropped and counted, so a
 * large backlog cannot hold shutdown up. A hard crash loses what is in memory:
 * at most one flush window (or, during an outage, the whole backlog).
 */
/** At shutdown, clicks are written at least this many per statement. */
const SHUTDOWN_BATCH = 1000;

export class ClickBuffer implements ClickSink {
  private clicks: Click[] = [];
  /** Set by stop: writing ends at this time. */
  private stopBy: number | undefined;
  private flushing: Promise<void> | undefined;
  private flushQueued = false;
  private failing = false;
  private readonly timer: NodeJS.Timeout;
  private readonly metric: ReturnType<typeof bufferMetrics>;

  constructor(private readonly options: ClickBufferOptions) {
    this.metric = bufferMetrics(options.metrics, () => this.clicks.length);
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs);
    // Flushing must not keep a process alive that is otherwise done.
    this.timer.unref();
  }

  record(click: Click): void {
    if (this.clicks.length >= this.options.maxBuffered) this.drop(Math.max(1, Math.ceil(this.options.maxBuffered / 100)));
    this.clicks.push(click);
    this.metric.recorded.inc();
    if (this.clicks.length >= this.options.flushSize && !this.flushQueued && this.flushing === undefined && !this.failing) {
      this.flushQueued = true;
      setImmediate(() => {
        this.flushQueued = false;
        void this.flush();
      });
    }
  }

  /** Writes everything buffered now (in flushSize batches); resolves when done or failed. */
  async flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = this.drain().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /** Stops the timer and writes what is left (once more on failure, then gives up and counts the loss). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.stopBy = Date.now() + this.options.stopBudgetMs;
    await this.flush();
    if (this.clicks.length > 0 && Date.now() < this.stopBy) await this.flush();
    if (this.clicks.length > 0) {
      const why = Date.now() >= this.stopBy ? 'not written within the shutdown budget' : 'the database did not take them';
      this.options.logger.error(`clicks lost at shutdown: ${why}`, { clicks: this.clicks.length });
      this.metric.dropped.inc({ reason: 'shutdown' }, this.clicks.length);
      this.clicks = [];
    }
  }

  private async drain(): Promise<void> {
    // What waits now, and then only full batches: clicks that arrive during a
    // write wait for the next tick. Writing them at once would turn one flush
    // into a stream of writes of a few clicks each (one per write's duration),
    // each with its rollup job and events.
    let due = this.clicks.length;
    while (this.clicks.length > 0 && this.keepWriting(due)) {
      // At shutdown, time matters more than the size of one statement.
      const batch = this.clicks.splice(0, this.stopBy === undefined ? this.options.flushSize : Math.max(this.options.flushSize, SHUTDOWN_BATCH));
      due -= batch.length;
      const timer = this.metric.duration.startTimer();
      try {
        await this.options.write(batch);
        timer({ outcome: 'ok' });
        this.metric.batchSize.observe(batch.length);
        this.metric.written.inc(batch.length);
        if (this.failing) this.options.logger.info('click writes recovered');
        this.failing = false;
      } catch (error) {
        timer({ outcome: 'error' });
        // Back in front, in order; the next tick retries.
        this.clicks = batch.concat(this.clicks);
        const over = this.clicks.length - this.options.maxBuffered;
        if (over > 0) this.drop(over);
        if (!this.failing)
          this.options.logger.warn('click write failed; keeping clicks in memory', { error: (error as Error).message, buffered: this.clicks.length });
        this.failing = true;
        return;
      }
    }
  }

  /** Whether drain writes another batch, `due` of the clicks that waited when it began being still unwritten. */
  private keepWriting(due: number): boolean {
    if (this.stopBy !== undefined) return Date.now() < this.stopBy;
    return due > 0 || this.clicks.length >= this.options.flushSize;
  }

  private drop(count: number): void {
    this.clicks.splice(0, count);
    this.metric.dropped.inc({ reason: 'buffer_full' }, count);
  }
}

function bufferMetrics(metrics: Metrics, buffered: () => number) {
  const registers = [metrics.registry];
  new Gauge({
    name: 'shortline_clicks_buffered',
    help: 'Clicks in memory waiting to be written',
    registers,
    collect() {
      this.set(buffered());
    },
  });
  return {
    recorded: new Counter({ name: 'shortline_clicks_recorded_total', help: 'Clicks handed to analytics by redirects', registers }),
    written: new Counter({ name: 'shortline_clicks_written_total', help: 'Clicks stored in analytics.clicks', registers }),
    dropped: new Counter({
      name: 'shortline_clicks_dropped_total',
      help: 'Clicks lost: buffer_full (the database was not taking writes) or shutdown',
      labelNames: ['reason'],
      registers,
    }),
    duration: new Histogram({
      name: 'shortline_click_flush_duration_seconds',
      help: 'Time to write one batch of clicks (and enqueue its rollup), by outcome',
      labelNames: ['outcome'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers,
    }),
    batchSize: new Histogram({
      name: 'shortline_click_flush_size',
      help: 'Clicks written per INSERT statement (the batching ratio)',
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
      registers,
    }),
  };
}

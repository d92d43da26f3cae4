import type { Knex } from 'knex';
import type { Config } from '../../shared/config';
import { enqueue } from '../../shared/jobs';
import type { Logger } from '../../shared/logging';
import type { Metrics } from '../../shared/metrics';
import { internalCall, type InternalTarget, type OutboundClient } from '../../shared/outbound';
import type { AnalyticsApi } from './api';
import { ClickBuffer } from './click-buffer';
import { ingestClicksTask } from './ingest-task';

export interface RemoteAnalyticsOptions {
  /** The database handle jobs are queued through (the shared database analytics' process works from). */
  db: Knex;
  outbound: OutboundClient;
  /** The process running analytics (ANALYTICS_URL) and the INTERNAL_TOKEN. */
  target: InternalTarget;
  settings: Config['analytics'];
  stopBudgetMs: number;
  logger: Logger;
  metrics: Metrics;
}

/**
 * AnalyticsApi for a process that does not run analytics (ANALYTICS_URL
 * set). Clicks are buffered here exactly as analytics would buffer them, and
 * each flush becomes one `analytics.ingest-clicks` job in the shared
 * database, which analytics' process runs: durable like any outbox, and the
 * redirect still never waits. `rollUp` asks analytics' process over HTTP.
 * `stop` flushes what is buffered (call it at shutdown).
 */
export function remoteAnalytics(options: RemoteAnalyticsOptions): AnalyticsApi & { stop(): Promise<void> } {
  // Only the definition is used here (for the payload check); analytics' process runs it.
  const ingest = ingestClicksTask(() => Promise.reject(new Error('analytics.ingest-clicks runs where analytics runs')));
  const buffer = new ClickBuffer({
    flushIntervalMs: options.settings.flushIntervalMs,
    flushSize: options.settings.flushSize,
    maxBuffered: options.settings.bufferMax,
    stopBudgetMs: options.stopBudgetMs,
    write: (clicks) => enqueue(options.db, ingest, { clicks: [...clicks] }),
    logger: options.logger,
    metrics: options.metrics,
  });
  return {
    clickSink: buffer,
    flushClicks: () => buffer.flush(),
    rollUp: async () => (await internalCall(options.outbound, options.target, 'POST', '/internal/analytics/rollup')).json as { batches: number; clicks: number },
    stop: () => buffer.stop(),
  };
}

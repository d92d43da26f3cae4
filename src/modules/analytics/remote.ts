import type { Logger } from '../../shared/logging';
import type { Metrics } from '../../shared/metrics';
import { answer, internalCall, type InternalTarget, type OutboundClient } from '../../shared/outbound';
import type { AnalyticsApi } from './api';
import type { AnalyticsSettings } from './settings';
import { ClickBuffer } from './click-buffer';
import { CLICK_BATCH_MAX, clickTotalsSchema, rollUpSchema } from './http/schemas';

export interface RemoteAnalyticsOptions {
  outbound: OutboundClient;
  /** The process running analytics (ANALYTICS_URL) and the INTERNAL_TOKEN. */
  target: InternalTarget;
  settings: AnalyticsSettings;
  stopBudgetMs: number;
  logger: Logger;
  metrics: Metrics;
}

/**
 * AnalyticsApi for a process that serves redirects without running
 * analytics (ANALYTICS_URL set). Clicks are buffered here exactly as
 * analytics would buffer them, and each flush is sent to analytics' process
 * (POST /internal/analytics/clicks, in batches of at most CLICK_BATCH_MAX),
 * which writes it as a local flush would. Raw clicks (IP addresses among
 * them) stay in memory, as in one process: nothing stores them before
 * analytics hashes the visitor. If analytics does not answer, the buffer
 * keeps the clicks and tries again, dropping (and counting) the oldest past
 * CLICKS_BUFFER_MAX, as during a database outage; the redirect never waits.
 * `rollUp` asks analytics' process too. `stop` flushes what is buffered
 * (call it at shutdown).
 */
export function remoteAnalytics(options: RemoteAnalyticsOptions): AnalyticsApi & { stop(): Promise<void> } {
  const { outbound, target } = options;
  const buffer = new ClickBuffer({
    flushIntervalMs: options.settings.flushIntervalMs,
    flushSize: options.settings.flushSize,
    maxBuffered: options.settings.bufferMax,
    stopBudgetMs: options.stopBudgetMs,
    write: async (clicks) => {
      for (let i = 0; i < clicks.length; i += CLICK_BATCH_MAX) {
        await internalCall(outbound, target, 'POST', '/internal/analytics/clicks', { clicks: clicks.slice(i, i + CLICK_BATCH_MAX) });
      }
    },
    logger: options.logger,
    metrics: options.metrics,
  });
  return {
    clickSink: buffer,
    flushClicks: () => buffer.flush(),
    rollUp: async () => answer(rollUpSchema, await internalCall(outbound, target, 'POST', '/internal/analytics/rollup'), target),
    clickTotals: async (workspaceId, linkIds) => {
      if (linkIds.length === 0) return new Map();
      const json = await internalCall(outbound, target, 'POST', '/internal/analytics/click-totals', { workspaceId, linkIds });
      return new Map(Object.entries(answer(clickTotalsSchema, json, target).totals));
    },
    stop: () => buffer.stop(),
  };
}

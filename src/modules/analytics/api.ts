import type { ClickSink } from '../links';

/** What other modules, the CLI and the composition root may use of analytics. */
export interface AnalyticsApi {
  /** The buffered sink served redirects report to (connected to links at build). */
  clickSink: ClickSink;
  /** Writes the buffered clicks now (tests, benchmarks, shutdown). */
  flushClicks(): Promise<void>;
  /** Rolls up every written batch now, as the rollup job does (tests, benchmarks, backfills). */
  rollUp(): Promise<{ batches: number; clicks: number }>;
  /** Each link's human clicks of all time; links without any are left out (what the links export's `clicks` column says). */
  clickTotals(workspaceId: string, linkIds: readonly string[]): Promise<ReadonlyMap<string, number>>;
}

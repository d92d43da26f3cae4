import type { Mix, RequestKind } from './args';
import type { LoadClient } from './client';
import { runPhase } from './run';
import type { MetricsWatcher } from './server-metrics';
import { Workload, type DataSet } from './workload';

/** What one kind of request costs the server, measured alone. */
export interface KindCost {
  kind: RequestKind;
  /** Requests the server answered during the measurement (its own count). */
  requests: number;
  /** Server process CPU (user + system) per 1,000 requests, background work they caused included. */
  cpuMsPer1000: number;
  /** What one core of the server process answers per second at that cost. */
  perCoreSecond: number;
  dbQueriesPerRequest: number;
  p50: number;
  p99: number;
}

export interface CostOptions {
  client: LoadClient;
  statsClient: LoadClient | undefined;
  data: DataSet;
  tag: string;
  mix: Mix;
  rps: number;
  durationMs: number;
  /** A fresh watcher of the server's /metrics. */
  watch(): MetricsWatcher;
  /** Waits until the server's job queue is empty, so work a kind queued is charged to it. */
  drain(): Promise<void>;
  log(line: string): void;
}

/**
 * `--cost`: each kind of the mix alone, in turn, at --rps for --duration,
 * with the server's CPU read from its /metrics before and after (the
 * queue drained first, so the jobs a kind caused — click rollups, previews,
 * events — are part of its cost). The server's process only: PostgreSQL's
 * CPU is not in it; its queries per request are.
 */
export async function measureCosts(options: CostOptions): Promise<KindCost[]> {
  const costs: KindCost[] = [];
  for (const [kind, share] of Object.entries(options.mix) as [RequestKind, number][]) {
    if (!share) continue;
    options.log(`cost: ${kind} alone, ${options.rps} req/s for ${options.durationMs / 1000}s`);
    const workload = new Workload({ [kind]: 1 }, options.data, `${options.tag}-${kind}`);
    await options.drain();
    const watcher = options.watch();
    await watcher.start();
    const started = performance.now();
    const phase = await runPhase({
      client: options.client,
      statsClient: options.statsClient,
      workload,
      durationMs: options.durationMs,
      rps: options.rps,
    });
    await options.drain();
    const server = await watcher.stop((performance.now() - started) / 1000);
    const requests = server.requests;
    costs.push({
      kind,
      requests,
      cpuMsPer1000: requests > 0 ? (server.cpuSeconds * 1e6) / requests : 0,
      perCoreSecond: server.cpuSeconds > 0 ? requests / server.cpuSeconds : 0,
      dbQueriesPerRequest: server.dbQueriesPerRequest,
      p50: phase.all.percentile(50),
      p99: phase.all.percentile(99),
    });
  }
  return costs;
}

export function renderCosts(costs: readonly KindCost[], rps: number, seconds: number): string {
  const rows = costs.map((c) =>
    [
      c.kind,
      c.requests.toLocaleString('en'),
      c.cpuMsPer1000.toFixed(0),
      Math.round(c.perCoreSecond).toLocaleString('en'),
      c.dbQueriesPerRequest.toFixed(2),
      c.p50.toFixed(2),
      c.p99.toFixed(2),
    ].join(' | '),
  );
  return [
    `cost per request, each kind alone at ${rps} req/s for ${seconds}s (server process CPU, its background work included):`,
    '',
    '| kind | requests | CPU ms / 1,000 | per core-second | DB queries / request | p50 ms | p99 ms |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}

import type { Mix, RequestKind } from './args';
import type { LoadClient } from './client';
import { runPhase } from './run';
import type { MetricsWatcher } from './server-metrics';
import { Workload, type DataSet } from './workload';

/** How long the server's CPU is read with no load, before the first kind. */
const IDLE_MS = 5000;

/** What one kind of request costs the server, measured alone. */
export interface KindCost {
  kind: RequestKind;
  /** Requests the server answered during the measurement (its own count). */
  requests: number;
  /** Server process CPU (user + system) per 1,000 requests, background work they caused included, its idle CPU not. */
  cpuMsPer1000: number;
  /** What one core of the server process answers per second at that cost. */
  perCoreSecond: number;
  dbQueriesPerRequest: number;
  p50: number;
  p99: number;
  /** Answers that were not the expected status, and requests that got none. */
  errors: number;
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
 * events — are part of its cost). What the server spends with no load at
 * all (timers, the job queue's polls, these scrapes), measured first for
 * IDLE_MS, is taken off in proportion to each measurement's length. The
 * server's process only: PostgreSQL's CPU is not in it; its queries per
 * request are.
 */
export async function measureCosts(options: CostOptions): Promise<KindCost[]> {
  await options.drain();
  const idle = options.watch();
  await idle.start();
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const idleCores = (await idle.stop(IDLE_MS / 1000)).cpuCores;
  options.log(`cost: idle, ${(idleCores * 100).toFixed(1)}% of a core`);
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
    const wallSeconds = (performance.now() - started) / 1000;
    const server = await watcher.stop(wallSeconds);
    const requests = server.requests;
    const cpuSeconds = Math.max(0, server.cpuSeconds - idleCores * wallSeconds);
    costs.push({
      kind,
      requests,
      cpuMsPer1000: requests > 0 ? (cpuSeconds * 1e6) / requests : 0,
      perCoreSecond: cpuSeconds > 0 ? requests / cpuSeconds : 0,
      dbQueriesPerRequest: server.dbQueriesPerRequest,
      p50: phase.all.percentile(50),
      p99: phase.all.percentile(99),
      errors: phase.errors,
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
      c.errors.toLocaleString('en'),
    ].join(' | '),
  );
  return [
    `cost per request, each kind alone at ${rps} req/s for ${seconds}s (server process CPU, its background work included, its idle CPU not):`,
    '',
    '| kind | requests | CPU ms / 1,000 | per core-second | DB queries / request | p50 ms | p99 ms | errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}

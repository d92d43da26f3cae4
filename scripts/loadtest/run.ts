import type { RequestKind } from './args';
import type { LoadClient } from './client';
import { runClosed, runOpen } from './schedule';
import { Latencies, Timeline, TypeStats } from './stats';
import type { Workload } from './workload';

/** One measured stretch of load: per request type and per second. */
export interface PhaseResult {
  model: 'open' | 'closed';
  /** Open model: the rate asked for; closed: the connections. */
  target: number;
  wallSeconds: number;
  started: number;
  byType: Map<RequestKind, TypeStats>;
  timeline: Timeline;
  all: Latencies;
  errors: number;
}

export interface PhaseOptions {
  client: LoadClient;
  /** Sends the stats requests instead of `client` (--stats-url). */
  statsClient?: LoadClient;
  workload: Workload;
  durationMs: number;
  rps?: number;
  connections?: number;
  /** Called about once a second with the progress so far. */
  progress?(line: string): void;
}

export async function runPhase(options: PhaseOptions): Promise<PhaseResult> {
  const byType = new Map<RequestKind, TypeStats>();
  const timeline = new Timeline();
  const all = new Latencies();
  let errors = 0;
  const start = performance.now();
  const fire = async (_index: number, scheduledAt: number) => {
    const request = options.workload.next();
    const client = request.kind === 'stats' && options.statsClient ? options.statsClient : options.client;
    const sent = await client.send(request);
    const ms = performance.now() - scheduledAt;
    const error = sent.status === undefined ? `network:${sent.error}` : request.expect.includes(sent.status) ? undefined : String(sent.status);
    let stats = byType.get(request.kind);
    if (!stats) byType.set(request.kind, (stats = new TypeStats()));
    stats.record(ms, error);
    all.add(ms);
    if (error !== undefined) errors++;
    timeline.record(Math.floor((performance.now() - start) / 1000), ms, error !== undefined);
  };
  const ticker = options.progress
    ? setInterval(() => {
        const elapsed = (performance.now() - start) / 1000;
        options.progress!(
          `${elapsed.toFixed(0)}s  ${(all.size / elapsed).toFixed(0)} req/s  p99 ${all.percentile(99).toFixed(1)} ms  errors ${errors}`,
        );
      }, 1000)
    : undefined;
  try {
    if (options.connections !== undefined) await runClosed({ connections: options.connections, durationMs: options.durationMs, fire });
    else await runOpen({ rate: options.rps!, durationMs: options.durationMs, fire });
  } finally {
    clearInterval(ticker);
  }
  return {
    model: options.connections !== undefined ? 'closed' : 'open',
    target: options.connections ?? options.rps!,
    wallSeconds: (performance.now() - start) / 1000,
    started: Date.now() - (performance.now() - start),
    byType,
    timeline,
    all,
    errors,
  };
}

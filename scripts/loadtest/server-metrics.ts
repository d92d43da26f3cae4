/**
 * What the server says about a run, from its /metrics (Prometheus text):
 * scraped before and after (counters are compared) and every second during
 * the run (peaks of gauges). One process's view: with several processes behind
 * one address, each scrape reaches one of them.
 */
export type Samples = Map<string, number>;

/** `name{labels} value` lines into a map keyed by `name{labels}` (comments skipped). */
export function parseMetrics(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    const value = Number(line.slice(space + 1));
    if (Number.isFinite(value)) samples.set(line.slice(0, space), value);
  }
  return samples;
}

/** Sum of every series of `name` whose labels include all of `labels`. */
export function sum(samples: Samples, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const [key, value] of samples) {
    const brace = key.indexOf('{');
    const metric = brace === -1 ? key : key.slice(0, brace);
    if (metric !== name) continue;
    if (Object.entries(labels).every(([k, v]) => key.includes(`${k}="${v}"`))) total += value;
  }
  return total;
}

export interface ServerFigures {
  /** Requests the server counted during the run (all routes; scrapes of /metrics excluded). */
  requests: number;
  dbQueries: number;
  dbQueriesPerRequest: number;
  /** Redirect cache hits / look-ups during the run; null when it made no look-ups. */
  cacheHitRatio: number | null;
  cpuSeconds: number;
  /** CPU time per wall second: 1.0 = one core busy. */
  cpuCores: number;
  peakRssMb: number;
  /** Ready jobs (waiting for a worker), most seen at once. */
  queueDepthPeak: number;
  /** Oldest ready job's wait, most seen. */
  jobLagPeakSeconds: number;
}

export class MetricsWatcher {
  private before: Samples | undefined;
  private peaks = { rss: 0, depth: 0, lag: 0 };
  private timer: NodeJS.Timeout | undefined;
  private scrapes = 0;

  constructor(private readonly read: () => Promise<string>) {}

  async start(): Promise<void> {
    this.before = parseMetrics(await this.read());
    this.timer = setInterval(() => void this.sample().catch(() => undefined), 1000);
  }

  private async sample(): Promise<Samples> {
    const samples = parseMetrics(await this.read());
    this.scrapes++;
    this.peaks.rss = Math.max(this.peaks.rss, sum(samples, 'shortline_process_resident_memory_bytes'));
    this.peaks.depth = Math.max(this.peaks.depth, sum(samples, 'shortline_job_queue_depth', { state: 'ready' }));
    let lag = 0;
    for (const [key, value] of samples) if (key.startsWith('shortline_job_queue_lag_seconds')) lag = Math.max(lag, value);
    this.peaks.lag = Math.max(this.peaks.lag, lag);
    return samples;
  }

  async stop(wallSeconds: number): Promise<ServerFigures> {
    clearInterval(this.timer);
    const after = await this.sample();
    const before = this.before!;
    const delta = (name: string, labels: Record<string, string> = {}) => sum(after, name, labels) - sum(before, name, labels);
    // The scrapes themselves are requests too: /metrics is not part of the load.
    const requests =
      delta('shortline_http_request_duration_seconds_count') - delta('shortline_http_request_duration_seconds_count', { route: '/metrics' });
    const dbQueries = delta('shortline_db_query_duration_seconds_count');
    const hits = delta('shortline_cache_hits_total', { cache: 'links:redirect' });
    const misses = delta('shortline_cache_misses_total', { cache: 'links:redirect' });
    const cpuSeconds = delta('shortline_process_cpu_seconds_total');
    return {
      requests,
      dbQueries,
      dbQueriesPerRequest: requests > 0 ? dbQueries / requests : 0,
      cacheHitRatio: hits + misses > 0 ? hits / (hits + misses) : null,
      cpuSeconds,
      cpuCores: wallSeconds > 0 ? cpuSeconds / wallSeconds : 0,
      peakRssMb: this.peaks.rss / 1024 / 1024,
      queueDepthPeak: this.peaks.depth,
      jobLagPeakSeconds: this.peaks.lag,
    };
  }
}

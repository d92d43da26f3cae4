/**
 * Latency statistics over every measured request (kept in full: a 5-minute run
 * at a few thousand requests per second is a few million numbers, affordable,
 * and exact percentiles need no histogram error).
 */
export class Latencies {
  private values = new Float64Array(1024);
  private count = 0;
  private sorted = true;

  add(ms: number): void {
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = ms;
    this.sorted = false;
  }

  get size(): number {
    return this.count;
  }

  /** Nearest-rank percentile (p in (0, 100]); 0 when empty. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    if (!this.sorted) {
      this.values.subarray(0, this.count).sort();
      this.sorted = true;
    }
    const rank = Math.ceil((p / 100) * this.count);
    return this.values[Math.min(this.count, Math.max(1, rank)) - 1];
  }

  max(): number {
    return this.percentile(100);
  }
}

/** Outcomes of one request type over a run. */
export class TypeStats {
  readonly latencies = new Latencies();
  /** By status code, or `network` for a request that got no response. */
  readonly errors = new Map<string, number>();
  errorCount = 0;

  record(ms: number, error: string | undefined): void {
    this.latencies.add(ms);
    if (error !== undefined) {
      this.errorCount++;
      this.errors.set(error, (this.errors.get(error) ?? 0) + 1);
    }
  }
}

/** Per second of the run: requests completed, errors, and their latencies (for the charts). */
export class Timeline {
  readonly seconds: { completed: number; errors: number; latencies: Latencies }[] = [];

  record(second: number, ms: number, failed: boolean): void {
    while (this.seconds.length <= second) this.seconds.push({ completed: 0, errors: 0, latencies: new Latencies() });
    const slot = this.seconds[second];
    slot.completed++;
    if (failed) slot.errors++;
    slot.latencies.add(ms);
  }
}

/**
 * How requests are started.
 *
 * Open model (`--rps`): request i is due at start + i / rate, and is started
 * then whether or not earlier requests have finished; its latency counts from
 * when it was due, not from when the generator got round to sending it. A
 * server that stalls therefore shows the queue it built up in every latency
 * behind the stall (no coordinated omission), and the generator does not slow
 * down to the server's pace.
 *
 * Closed model (`--connections N`): N loops each send a request when their
 * previous one finished: the maximum the server sustains, and latencies that
 * hide queueing. Labelled as such in the report.
 */

/** When request `index` is due, in ms after the start, at `rate` per second. */
export function dueAt(index: number, rate: number): number {
  return (index * 1000) / rate;
}

/** How many requests are due by `elapsedMs` (the next index to start). */
export function dueBy(elapsedMs: number, rate: number): number {
  return Math.floor((elapsedMs * rate) / 1000) + 1;
}

export interface OpenRun {
  rate: number;
  durationMs: number;
  /** Starts one request; `scheduledAt` is the performance.now() it was due at. */
  fire(index: number, scheduledAt: number): Promise<void>;
  now?: () => number;
  /** Ticks at most this far apart, in ms; the catch-up start of every due request bounds the error. */
  tickMs?: number;
}

/**
 * Runs the open model: every tick starts all requests now due. Resolves when
 * the last request due within the duration has finished. Returns how many were
 * started.
 */
export async function runOpen(run: OpenRun): Promise<number> {
  const now = run.now ?? (() => performance.now());
  const start = now();
  const total = Math.floor((run.durationMs * run.rate) / 1000);
  const inFlight = new Set<Promise<void>>();
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, dueBy(now() - start, run.rate));
      for (; next < due; next++) {
        const request = run.fire(next, start + dueAt(next, run.rate)).finally(() => inFlight.delete(request));
        inFlight.add(request);
      }
      if (next >= total) resolve();
      else setTimeout(tick, Math.max(0, Math.min(run.tickMs ?? 1, start + dueAt(next, run.rate) - now())));
    };
    tick();
  });
  await Promise.all(inFlight);
  return next;
}

/** Runs the closed model: `connections` loops until `durationMs` is over. */
export async function runClosed(run: {
  connections: number;
  durationMs: number;
  fire(index: number, scheduledAt: number): Promise<void>;
  now?: () => number;
}): Promise<number> {
  const now = run.now ?? (() => performance.now());
  const end = now() + run.durationMs;
  let index = 0;
  await Promise.all(
    Array.from({ length: run.connections }, async () => {
      while (now() < end) {
        const i = index++;
        await run.fire(i, now());
      }
    }),
  );
  return index;
}

import http from 'node:http';
import { CHROME_MAC } from '../../support/user-agents';

/**
 * Redirect traffic at a steady rate from a few keep-alive connections, as a
 * browser would send it (a real User-Agent, so every click counts). Each
 * answer is kept with when it arrived, its status and its latency; a refused or
 * cut connection counts as an error, never as a click.
 */
export interface Load {
  /** Stops sending and resolves once every request in flight has ended. */
  stop(): Promise<LoadResult>;
  /** Answers so far. */
  result(): LoadResult;
}

export interface LoadResult {
  /** Epoch ms when each answer arrived. */
  at: number[];
  status: number[];
  latencyMs: number[];
  /** Requests that ended without an answer (refused, reset). */
  errors: number;
}

export interface LoadOptions {
  /** e.g. http://127.0.0.1:3000/abc */
  url: string;
  connections?: number;
  /** Requests per second over all connections. */
  rate?: number;
}

export function startLoad({ url, connections = 8, rate = 800 }: LoadOptions): Load {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const answers: LoadResult = { at: [], status: [], latencyMs: [], errors: 0 };
  const started = performance.now();
  let sent = 0;
  let running = true;

  const once = () =>
    new Promise<void>((resolve) => {
      const begun = performance.now();
      const req = http.get(url, { agent, headers: { 'User-Agent': CHROME_MAC } }, (res) => {
        res.resume();
        res.on('end', () => {
          answers.at.push(Date.now());
          answers.status.push(res.statusCode ?? 0);
          answers.latencyMs.push(performance.now() - begun);
          resolve();
        });
        res.on('error', () => {
          answers.errors++;
          resolve();
        });
      });
      req.on('error', () => {
        answers.errors++;
        resolve();
      });
    });

  const connection = async () => {
    while (running) {
      // Request n is due n/rate seconds after the start; a connection behind schedule sends at once.
      const due = started + (sent++ * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (!running) return;
      const errorsBefore = answers.errors;
      await once();
      // After an error (a server gone) pause a little rather than catch up on the schedule at once.
      if (answers.errors > errorsBefore) await new Promise((r) => setTimeout(r, 10));
    }
  };
  const all = Promise.all(Array.from({ length: connections }, connection));
  return {
    result: () => answers,
    stop: async () => {
      running = false;
      await all;
      agent.destroy();
      return answers;
    },
  };
}

/** The answers with status 302 (clicks the server acknowledged), optionally only those arrived in [from, to]. */
export function redirects(result: LoadResult, from = -Infinity, to = Infinity): number {
  let n = 0;
  for (let i = 0; i < result.at.length; i++) if (result.status[i] === 302 && result.at[i] >= from && result.at[i] <= to) n++;
  return n;
}

/** The p-th percentile (0–100) of the latencies of answers arrived in [from, to], in ms. */
export function percentile(result: LoadResult, p: number, from = -Infinity, to = Infinity): number {
  const picked = result.latencyMs.filter((_, i) => result.at[i] >= from && result.at[i] <= to).sort((a, b) => a - b);
  if (picked.length === 0) return NaN;
  return picked[Math.min(picked.length - 1, Math.ceil((p / 100) * picked.length) - 1)];
}

/** Statuses other than 302 and how often each came, e.g. { 503: 2 }. */
export function otherStatuses(result: LoadResult, from = -Infinity, to = Infinity): Record<number, number> {
  const other: Record<number, number> = {};
  for (let i = 0; i < result.at.length; i++) {
    if (result.status[i] !== 302 && result.at[i] >= from && result.at[i] <= to) other[result.status[i]] = (other[result.status[i]] ?? 0) + 1;
  }
  return other;
}

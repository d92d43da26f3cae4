import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

/** One measured round against one target. */
export interface Round {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  durationSeconds: number;
}

export async function runLoad(options: LoadOptions): Promise<Round> {
  const result = await autocannon({
    url: options.url,
    headers: options.headers,
    connections: options.connections,
    duration: options.durationSeconds,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/**
 * The targets in the order to run them in round `round` (counted from 1): as
 * given in odd rounds, reversed in even ones, so that no target always runs
 * right after the machine's quiet start.
 */
export function roundOrder<T>(targets: readonly T[], round: number): readonly T[] {
  return round % 2 === 1 ? targets : [...targets].reverse();
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Targets still running: a benchmark that fails midway must not leave one behind, busy and holding its memory. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts a target server in its own process (so the load generator does not
 * share its event loop) and resolves once it prints `listening <port>`.
 * The target's stdout (its logs) goes to /dev/null, as to a log shipper.
 */
export function startTarget(script: string, args: string[], env: Record<string, string>): Promise<{ port: number; child: ChildProcess }> {
  // Benchmarks run compiled (npm run bench:*), as production does: TypeScript
  // through tsx carries transpiler helpers a build does not. A .ts target (a
  // quick `npx tsx` run) is loaded with tsx in the same process, so signals and
  // --expose-gc reach the target itself.
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  // BENCH_TARGET_NODE_ARGS reaches the targets alone, e.g. `--cpu-prof --cpu-prof-dir=profiles` (docs/benchmarks/METHOD.md).
  const extra = process.env.BENCH_TARGET_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, ['--expose-gc', ...extra, ...loader, script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening (\d+)/.exec(stderr);
      if (match) resolve({ port: Number(match[1]), child });
    });
    child.on('exit', (code) => reject(new Error(`target exited with ${code}:\n${stderr}`)));
  });
}

/**
 * Process memory of a target after a full garbage collection: the target must
 * call `reportMemoryOnSignal()` and run with --expose-gc (startTarget passes it).
 */
export function targetMemory(child: ChildProcess): Promise<{ rssMb: number; heapMb: number }> {
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      const match = /memory (\d+) (\d+)/.exec(chunk.toString());
      if (!match) return;
      child.stderr?.off('data', onData);
      resolve({ rssMb: Number(match[1]) / 1048576, heapMb: Number(match[2]) / 1048576 });
    };
    child.stderr?.on('data', onData);
    child.kill('SIGUSR2');
  });
}

/**
 * In a target: on SIGUSR2, collect garbage and print `memory <rss> <heap>` on
 * stderr, the heap being V8's used heap plus array buffers (typed arrays'
 * contents live outside V8's heap: the caches keep their expiry times there).
 */
export function reportMemoryOnSignal(): void {
  process.on('SIGUSR2', () => {
    (globalThis as { gc?: () => void }).gc?.();
    const usage = process.memoryUsage();
    process.stderr.write(`memory ${usage.rss} ${usage.heapUsed + usage.arrayBuffers}\n`);
  });
}

export async function stopTarget(child: ChildProcess): Promise<void> {
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Markdown table: what PERFORMANCE.md records. */
export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * CPU time (user + system) a process has used so far, in ms, from
 * /proc/<pid>/stat (Linux; clock ticks of 10 ms): the difference over a
 * measured window divided by the requests served is a request's CPU cost.
 */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at its closing parenthesis: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * wrk (https://github.com/wg/wrk, Debian's `wrk` package) as the load
 * generator: written in C, it spends a fraction of the CPU autocannon spends
 * per request, so on a machine whose cores the generator shares with the
 * target it leaves more of them to the target — and a fast target is then
 * limited by itself, not by the generator (docs/benchmarks/METHOD.md).
 */
export function wrkAvailable(): boolean {
  return spawnSync('wrk', ['--version']).error === undefined;
}

/** One request as wrk sends it: its path, Host, and other headers. */
export interface WrkRequest {
  path: string;
  host: string;
  headers?: Record<string, string>;
}

export interface WrkResult {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses with a status of 400 or more. */
  status4xx5xx: number;
  /** Connect, read and write errors, and timeouts. */
  errors: number;
}

// Requests are written raw, one after another; each ends with the blank line of a GET without a body.
const SCRIPT = `
local reqs, n, i = {}, 0, 0
function init(args)
  local f = assert(io.open(args[1], "rb"))
  local data = f:read("*a")
  f:close()
  for r in data:gmatch("(.-\\r\\n\\r\\n)") do n = n + 1; reqs[n] = r end
end
function request()
  i = i + 1
  if i > n then i = 1 end
  return reqs[i]
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("\\nRESULT %d %d %d %d %d %d %d %.1f %.1f\\n", summary.requests, summary.duration,
    e.connect, e.read, e.write, e.status, e.timeout, latency:percentile(50), latency:percentile(99)))
end
`;

/** Sends `requests` in turn (from the first again at the end) over `connections` connections of one wrk thread for `seconds`. */
export async function wrk(base: string, requests: readonly WrkRequest[], seconds: number, connections: number): Promise<WrkResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'shortline-wrk-'));
  try {
    const raw = requests.map(({ path: target, host, headers = {} }) => {
      const lines = [`GET ${target} HTTP/1.1`, `Host: ${host}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
      return `${lines.join('\r\n')}\r\n\r\n`;
    });
    writeFileSync(path.join(dir, 'requests'), raw.join(''));
    writeFileSync(path.join(dir, 'script.lua'), SCRIPT);
    const args = [
      '-t1',
      `-c${connections}`,
      `-d${seconds}s`,
      '--timeout',
      '5s',
      '-s',
      path.join(dir, 'script.lua'),
      base,
      '--',
      path.join(dir, 'requests'),
    ];
    const output = await run('wrk', args);
    const match = /RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+)/.exec(output);
    if (!match) throw new Error(`wrk printed no result:\n${output}`);
    const [requestCount, durationUs, connect, read, write, status, timeout, p50Us, p99Us] = match.slice(1).map(Number);
    return {
      requests: requestCount,
      requestsPerSecond: requestCount / (durationUs / 1e6),
      p50Ms: p50Us / 1000,
      p99Ms: p99Us / 1000,
      status4xx5xx: status,
      errors: connect + read + write + timeout,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} exited with ${code}:\n${output}`))));
  });
}

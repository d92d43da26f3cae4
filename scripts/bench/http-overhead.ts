import path from 'node:path';
import { numberArg } from './support/args';
import { benchDatabase, benchWorkspace } from './support/database';
import { median, runLoad, startTarget, stopTarget, table, type Round } from './support/load';

/**
 * What Shortline's middleware stack costs: an authenticated trivial endpoint
 * through the full stack vs. the same handler on bare Express, on 127.0.0.1, in
 * one run. Rounds are interleaved (bare, full, full-nolog, bare, ...) so drift in
 * a noisy machine hits every target alike; the table shows medians.
 *
 *   npm run bench:http-overhead [-- --rounds 3 --duration 10 --connections 50]
 *
 * Target: the full stack keeps >= 70% of bare Express throughput.
 */
const args = parseArgs(process.argv.slice(2));
const variants = ['bare', 'full', 'full-nolog'] as const;

async function main(): Promise<void> {
  const database = await benchDatabase();
  try {
    const key = (await benchWorkspace(database.url)).apiKey;
    const results: Record<string, Round[]> = { bare: [], full: [], 'full-nolog': [] };
    for (let round = 1; round <= args.rounds; round++) {
      for (const variant of variants) {
        const target = await startTarget(path.join(__dirname, `http-overhead-target${path.extname(__filename)}`), [variant], {
          DATABASE_URL: database.url,
        });
        const url = `http://127.0.0.1:${target.port}/v1/ping`;
        const headers = { authorization: `Bearer ${key}` };
        await runLoad({ url, headers, connections: args.connections, durationSeconds: 2 }); // warm-up
        const measured = await runLoad({ url, headers, connections: args.connections, durationSeconds: args.duration });
        if (measured.non2xx > 0 || measured.errors > 0) throw new Error(`${variant}: ${measured.non2xx} non-2xx, ${measured.errors} errors`);
        results[variant].push(measured);
        await stopTarget(target.child);
        process.stderr.write(`round ${round} ${variant}: ${Math.round(measured.requestsPerSecond)} req/s\n`);
      }
    }
    const bare = median(results.bare.map((r) => r.requestsPerSecond));
    const rows = variants.map((variant) => {
      const rps = median(results[variant].map((r) => r.requestsPerSecond));
      return [
        variant,
        Math.round(rps),
        median(results[variant].map((r) => r.p50Ms)),
        median(results[variant].map((r) => r.p99Ms)),
        `${Math.round((rps / bare) * 100)}%`,
      ];
    });
    console.log(`\nhttp-overhead: ${args.rounds} rounds x ${args.duration}s, ${args.connections} connections, Node ${process.version}, medians\n`);
    console.log(table(['target', 'req/s', 'p50 ms', 'p99 ms', 'vs bare'], rows));
    const full = median(results.full.map((r) => r.requestsPerSecond));
    console.log(`\nfull stack keeps ${Math.round((full / bare) * 100)}% of bare Express throughput (target >= 70%)`);
  } finally {
    await database.stop();
  }
}

function parseArgs(argv: string[]): { rounds: number; duration: number; connections: number } {
  return { rounds: numberArg(argv, 'rounds', 3), duration: numberArg(argv, 'duration', 10), connections: numberArg(argv, 'connections', 50) };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

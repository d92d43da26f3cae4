import path from 'node:path';
import { numberArg } from './support/args';
import { benchDatabase, benchWorkspace } from './support/database';
import { median, roundOrder, runLoad, startTarget, stopTarget, table, type Round } from './support/load';

/**
 * What Shortline's middleware stack costs: an authenticated trivial endpoint
 * through the full stack vs. the same handler on bare Express, on 127.0.0.1, in
 * one run. Each round measures every target, in an order reversed every other
 * round, so that drift in a noisy machine hits every target alike. The table
 * shows medians; "vs bare" is the median of each round's ratio to bare in the
 * same round, which the machine's drift between rounds does not move the way a
 * ratio of medians is moved.
 *
 *   npm run bench:http-overhead [-- --rounds 3 --duration 10 --connections 50]
 *
 * Target: the full stack keeps >= 70% of bare Express throughput.
 */
const args = parseArgs(process.argv.slice(2));
const variants = ['bare', 'full', 'full-nolog'] as const;
type Variant = (typeof variants)[number];

async function main(): Promise<void> {
  const database = await benchDatabase();
  try {
    const key = (await benchWorkspace(database.url)).apiKey;
    const rounds: Record<Variant, Round>[] = [];
    for (let round = 1; round <= args.rounds; round++) {
      const results = {} as Record<Variant, Round>;
      for (const variant of roundOrder(variants, round)) {
        const target = await startTarget(path.join(__dirname, `http-overhead-target${path.extname(__filename)}`), [variant], {
          DATABASE_URL: database.url,
        });
        const url = `http://127.0.0.1:${target.port}/v1/ping`;
        const headers = { authorization: `Bearer ${key}` };
        await runLoad({ url, headers, connections: args.connections, durationSeconds: 2 }); // warm-up
        const measured = await runLoad({ url, headers, connections: args.connections, durationSeconds: args.duration });
        if (measured.non2xx > 0 || measured.errors > 0) throw new Error(`${variant}: ${measured.non2xx} non-2xx, ${measured.errors} errors`);
        results[variant] = measured;
        await stopTarget(target.child);
        process.stderr.write(`round ${round} ${variant}: ${Math.round(measured.requestsPerSecond)} req/s\n`);
      }
      rounds.push(results);
    }
    report(rounds);
  } finally {
    await database.stop();
  }
}

function report(rounds: Record<Variant, Round>[]): void {
  const med = (variant: Variant, pick: (round: Round) => number) => median(rounds.map((results) => pick(results[variant])));
  const vsBare = (variant: Variant) => rounds.map((results) => results[variant].requestsPerSecond / results.bare.requestsPerSecond);
  const rows = variants.map((variant) => [
    variant,
    Math.round(med(variant, (r) => r.requestsPerSecond)),
    med(variant, (r) => r.p50Ms),
    med(variant, (r) => r.p99Ms),
    `${Math.round(median(vsBare(variant)) * 100)}%`,
  ]);
  console.log(`\nhttp-overhead: ${args.rounds} rounds x ${args.duration}s, ${args.connections} connections, Node ${process.version}, medians\n`);
  console.log(table(['target', 'req/s', 'p50 ms', 'p99 ms', 'vs bare'], rows));
  const perRound = vsBare('full')
    .map((ratio) => `${Math.round(ratio * 100)}%`)
    .join(', ');
  console.log(`\nfull stack keeps ${Math.round(median(vsBare('full')) * 100)}% of bare Express throughput (target >= 70%); per round: ${perRound}`);
}

function parseArgs(argv: string[]): { rounds: number; duration: number; connections: number } {
  return { rounds: numberArg(argv, 'rounds', 3), duration: numberArg(argv, 'duration', 10), connections: numberArg(argv, 'connections', 50) };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

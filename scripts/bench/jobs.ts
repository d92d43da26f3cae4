import { spawn, type ChildProcess } from 'node:child_process';
import knex, { type Knex } from 'knex';
import { Client } from 'pg';
import { z } from 'zod';
import { defineTask, enqueue, enqueueAll, JobRunner, migrateJobs, type EnqueueOptions, type JobSettings } from '../../src/shared/jobs';
import { createLogger } from '../../src/shared/logging';
import { createMetrics } from '../../src/shared/metrics';
import { listArg, numberArg } from './support/args';
import { benchDatabase } from './support/database';
import { median, roundOrder, table } from './support/load';

/**
 * Job-queue throughput of the platform's JobRunner (graphile-worker) by worker
 * settings, for a no-op task (so what is measured is the queue's own cost), in
 * one run against one database:
 *   1. throughput  N jobs (default 30k) are added with enqueueAll (setup, not
 *      measured; the jobs table is emptied, vacuumed and analyzed around it so
 *      every variant starts from the same table state), then a JobRunner with the
 *      variant's settings starts in its own process (the harness never shares its
 *      event loop) and drains them. Measured from the first job's start until
 *      graphile_worker.jobs is empty, i.e. the last completion is committed:
 *      jobs/s = N / that time. The worker process's CPU time per job over the same
 *      span is shown too (less noisy than wall time on a shared machine).
 *   2. named queue once per variant: 6 jobs of one named queue, each holding
 *      25 ms, are queued before the worker starts; the most that ran at once must
 *      be 1 (graphile-worker's "one at a time", which the analytics rollup relies
 *      on), and a variant that breaks it is never recommended. How fast that
 *      backlog drains is then measured for the chosen settings at several poll
 *      intervals (--polls): the next job of a named queue is found by a poll, not
 *      by a notification, so this is where the poll interval shows.
 *   3. latency     for the baseline, the recommended and the fastest variant, a
 *      fresh worker on an empty queue gets TRICKLE jobs (default 20) one at a time,
 *      PAUSE ms apart (after 2 unmeasured warm-up jobs); measured from just before
 *      enqueue() (whose commit NOTIFYs the worker) until the child reports that the
 *      handler ran (over a pipe: an upper bound, by a fraction of a ms). A value far
 *      below the poll interval shows that LISTEN/NOTIFY, not polling, woke the worker.
 * Variants are named c<concurrency>[-lq<localQueue.size>][-cb<completeJobBatchDelay ms>][-p<pollInterval ms>];
 * an absent part is the baseline's: c4 alone is graphile-worker's own defaults
 * (concurrency 4, poll 2000 ms, localQueue and completeJobBatchDelay off) and is
 * the baseline. Rounds are interleaved (the
 * order alternates), and "vs c4" is the median of each round's ratio to the
 * baseline in that round, which drift on a noisy machine moves less than it moves
 * a ratio of medians. Chosen: among variants that keep named queues serial, the
 * least aggressive (smallest local queue, then batch delay, then concurrency)
 * that no other of them beats by more than --tolerance (15%) in every round.
 * Recommended: the chosen settings with the longest poll interval whose
 * named-queue drain (median of the rounds) meets --named-queue-target (2 jobs/s:
 * twice the rollups one web process adds at most, a click flush a second).
 *
 *   npm run bench:jobs [-- --jobs 30000 --rounds 3 --trickle 20 --pause 100 --polls 2000,1000,500,250
 *                          --named-queue-target 2 --tolerance 0.15 --variants c4,c16-lq100-cb0]
 */
const TASK = 'bench.noop';
const SERIAL_QUEUE = 'bench.serial';
const SERIAL_JOBS = 6;
const SERIAL_HOLD_MS = 25;
const payloadSchema = z.object({ seq: z.number().int().optional(), holdMs: z.number().int().optional() });
type Payload = z.infer<typeof payloadSchema>;
const benchTask = (run: (payload: Payload) => Promise<void> | void) =>
  defineTask({ name: TASK, payload: payloadSchema, run: async (payload) => run(payload) });

const DEFAULTS: JobSettings = { concurrency: 4, pollIntervalMs: 2000, localQueueSize: 0, completeBatchDelayMs: -1, shutdownTimeoutMs: 10_000 };
const BASELINE = 'c4';
// One knob at a time against the baseline, then local queue + batched completions over the candidate sizes, delays and concurrencies.
const DEFAULT_VARIANTS = [BASELINE, 'c16', 'c4-cb0', 'c4-lq100', 'c4-lq100-cb0', 'c8-lq100-cb1', 'c16-lq500-cb0', 'c32-lq500-cb5'];

interface Variant {
  name: string;
  settings: JobSettings;
}

function parseVariant(name: string): Variant {
  const match = /^c(\d+)(?:-lq(\d+))?(?:-cb(\d+))?(?:-p(\d+))?$/.exec(name);
  if (!match) throw new Error(`bad variant "${name}": expected c<n>[-lq<n>][-cb<ms>][-p<ms>]`);
  return {
    name,
    settings: {
      ...DEFAULTS,
      concurrency: Number(match[1]),
      localQueueSize: match[2] === undefined ? DEFAULTS.localQueueSize : Number(match[2]),
      completeBatchDelayMs: match[3] === undefined ? DEFAULTS.completeBatchDelayMs : Number(match[3]),
      pollIntervalMs: match[4] === undefined ? DEFAULTS.pollIntervalMs : Number(match[4]),
    },
  };
}

/** The name parseVariant reads back. */
function variantOf(settings: JobSettings): Variant {
  const parts = [`c${settings.concurrency}`];
  if (settings.localQueueSize !== DEFAULTS.localQueueSize) parts.push(`lq${settings.localQueueSize}`);
  if (settings.completeBatchDelayMs !== DEFAULTS.completeBatchDelayMs) parts.push(`cb${settings.completeBatchDelayMs}`);
  if (settings.pollIntervalMs !== DEFAULTS.pollIntervalMs) parts.push(`p${settings.pollIntervalMs}`);
  return parseVariant(parts.join('-'));
}

// ---------------------------------------------------------------- harness

interface Throughput {
  jobsPerSecond: number;
  seconds: number;
  /** CPU time (user + system) of the worker process per job, while draining. */
  cpuMicrosPerJob: number;
  /** This round's jobs/s over the baseline's in the same round. */
  vsBase: number;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const variants = [BASELINE, ...args.variants.filter((v) => v !== BASELINE)].map(parseVariant);
  const database = await benchDatabase();
  const db = knex({ client: 'pg', connection: database.url, pool: { min: 0, max: 2 } });
  const warnings = new Set<string>();
  try {
    await migrateJobs(database.url, createLogger({ level: 'silent', format: 'json' }));

    // 1. Throughput, interleaved rounds.
    const results: Record<string, Throughput[]> = Object.fromEntries(variants.map((v) => [v.name, []]));
    for (let round = 1; round <= args.rounds; round++) {
      for (const variant of roundOrder(variants, round)) {
        const setupStarted = performance.now();
        await fillQueue(db, args.jobs, {});
        const setupSeconds = (performance.now() - setupStarted) / 1000;
        const run = await drain(database.url, variant, args.jobs, warnings);
        const jobsPerSecond = args.jobs / run.seconds;
        results[variant.name].push({ jobsPerSecond, seconds: run.seconds, cpuMicrosPerJob: run.cpuMicros / args.jobs, vsBase: Number.NaN });
        process.stderr.write(
          `round ${round} ${variant.name}: ${Math.round(jobsPerSecond)} jobs/s (${run.seconds.toFixed(2)} s; setup ${setupSeconds.toFixed(1)} s)\n`,
        );
      }
      const base = results[BASELINE][round - 1].jobsPerSecond;
      for (const variant of variants) results[variant.name][round - 1].vsBase = results[variant.name][round - 1].jobsPerSecond / base;
    }

    // 2. Named queue: serial or not, and how fast a backlog of it drains.
    const serial: Record<string, NamedQueueRun> = {};
    for (const variant of variants) serial[variant.name] = await namedQueue(db, database.url, variant, warnings);

    // A more aggressive variant has to earn its place: it must beat a gentler one in every round (the same
    // round, so the machine's drift between rounds cancels) by more than --tolerance.
    const beats = (a: Variant, b: Variant) =>
      results[a.name].every((r, i) => r.jobsPerSecond > (1 + args.tolerance) * results[b.name][i].jobsPerSecond);
    const safe = variants
      .filter((v) => serial[v.name].maxRunningAtOnce === 1)
      .sort((a, b) => aggressiveness(a.settings) - aggressiveness(b.settings));
    const chosen = safe.find((v) => !safe.some((other) => beats(other, v))) ?? variants[0];
    const fastest = [...variants].sort((a, b) => median(results[b.name].map((r) => r.vsBase)) - median(results[a.name].map((r) => r.vsBase)))[0];

    // The poll interval for the chosen settings: new jobs come by NOTIFY, but a named queue's next job waits for
    // a poll. Interleaved rounds, median rate (a single drain depends on where the workers' poll timers happen to be).
    const sweepVariants = args.polls.map((pollIntervalMs) => variantOf({ ...chosen.settings, pollIntervalMs }));
    const sweepRuns: Record<string, NamedQueueRun[]> = Object.fromEntries(sweepVariants.map((v) => [v.name, serial[v.name] ? [serial[v.name]] : []]));
    for (let round = 1; round <= args.rounds; round++) {
      for (const variant of roundOrder(sweepVariants, round)) {
        if (sweepRuns[variant.name].length < args.rounds) sweepRuns[variant.name].push(await namedQueue(db, database.url, variant, warnings));
      }
    }
    const sweep = sweepVariants.map((variant) => {
      const runs = sweepRuns[variant.name];
      return { variant, jobsPerSecond: median(runs.map((r) => r.jobsPerSecond)), maxRunningAtOnce: Math.max(...runs.map((r) => r.maxRunningAtOnce)) };
    });
    const meeting = sweep.filter((p) => p.jobsPerSecond >= args.namedQueueTarget);
    const recommended =
      meeting.length > 0
        ? [...meeting].sort((a, b) => b.variant.settings.pollIntervalMs - a.variant.settings.pollIntervalMs)[0].variant
        : [...sweep].sort((a, b) => b.jobsPerSecond - a.jobsPerSecond)[0].variant;

    // 3. Quiet queue: fresh worker each round, interleaved.
    const byName = new Map([variants[0], recommended, fastest].map((v) => [v.name, v]));
    const latencyVariants = [...byName.values()];
    const latencies: Record<string, number[]> = Object.fromEntries(latencyVariants.map((v) => [v.name, []]));
    for (let round = 1; round <= args.rounds; round++) {
      for (const variant of roundOrder(latencyVariants, round)) {
        const measured = await trickle(db, database.url, variant, args.trickle, args.pause, warnings);
        latencies[variant.name].push(...measured);
        process.stderr.write(
          `round ${round} ${variant.name} trickle: p50 ${percentile(measured, 0.5).toFixed(1)} ms, max ${Math.max(...measured).toFixed(1)} ms\n`,
        );
      }
    }

    report({ args, variants, results, serial, chosen, sweep, recommended, fastest, latencies, warnings });
  } finally {
    await db.destroy();
    await database.stop();
  }
}

interface NamedQueueRun {
  /** Most jobs of the one named queue that were running at once: 1 is graphile-worker's guarantee. */
  maxRunningAtOnce: number;
  /** How fast a backlog of that queue drained. */
  jobsPerSecond: number;
}

/** SERIAL_JOBS jobs of one named queue, queued before the worker starts, each holding SERIAL_HOLD_MS. */
async function namedQueue(db: Knex, url: string, variant: Variant, warnings: Set<string>): Promise<NamedQueueRun> {
  await fillQueue(db, SERIAL_JOBS, { holdMs: SERIAL_HOLD_MS }, { queueName: SERIAL_QUEUE });
  const run = await drain(url, variant, SERIAL_JOBS, warnings);
  process.stderr.write(
    `named queue ${variant.name}: at most ${run.maxRunningAtOnce} running at once, ${run.seconds.toFixed(2)} s for ${SERIAL_JOBS} jobs\n`,
  );
  return { maxRunningAtOnce: run.maxRunningAtOnce, jobsPerSecond: SERIAL_JOBS / run.seconds };
}

/** Lower is gentler: a local queue locks jobs away from other workers, a batch delay holds completions, concurrency holds connections. */
function aggressiveness(s: JobSettings): number {
  return s.localQueueSize * 1e6 + (s.completeBatchDelayMs + 1) * 1e3 + s.concurrency;
}

/** Same table state for every run (setup, not measured): emptied and vacuumed, then `jobs` ready jobs, analyzed. */
async function fillQueue(db: Knex, jobs: number, payload: Payload, options?: EnqueueOptions): Promise<void> {
  const task = benchTask(() => {});
  await db.raw('delete from graphile_worker._private_jobs');
  await db.raw('delete from graphile_worker._private_job_queues');
  await db.raw('vacuum graphile_worker._private_jobs');
  const chunk = 10_000;
  for (let added = 0; added < jobs; added += chunk) {
    const count = Math.min(chunk, jobs - added);
    await enqueueAll(
      db,
      Array.from({ length: count }, () => ({ task, payload, options })),
    );
  }
  await db.raw('vacuum analyze graphile_worker._private_jobs');
}

/**
 * Starts a worker process on the filled queue and waits until it has emptied it: the seconds that took,
 * the worker's CPU time, and the most jobs holding (payload.holdMs) that were running at once.
 */
async function drain(
  url: string,
  variant: Variant,
  jobs: number,
  warnings: Set<string>,
): Promise<{ seconds: number; cpuMicros: number; maxRunningAtOnce: number }> {
  const child = startWorker(['drain', JSON.stringify(variant.settings), String(jobs)], url, warnings);
  const line = await child.next(/^done (\S+) (\d+) (\d+) (\d+)$/, 10 * 60_000);
  await child.exited;
  const ran = Number(line[2]);
  if (ran !== jobs) throw new Error(`${variant.name}: ${ran} jobs ran, expected ${jobs}`);
  return { seconds: Number(line[1]) / 1000, cpuMicros: Number(line[3]), maxRunningAtOnce: Number(line[4]) };
}

/** Enqueue-to-start latencies (ms) of `count` jobs added one at a time to an idle worker. */
async function trickle(db: Knex, url: string, variant: Variant, count: number, pauseMs: number, warnings: Set<string>): Promise<number[]> {
  const child = startWorker(['latency', JSON.stringify(variant.settings)], url, warnings);
  await child.next(/^ready$/, 60_000);
  const task = benchTask(() => {});
  const latencies: number[] = [];
  // Two unmeasured jobs first: LISTEN is set up and the code paths are warm, as in a worker that has been running.
  for (let seq = -2; seq < count; seq++) {
    await sleep(pauseMs);
    const ran = child.next(new RegExp(`^ran ${seq}$`), 30_000);
    const started = performance.now();
    await enqueue(db, task, { seq });
    await ran;
    if (seq >= 0) latencies.push(performance.now() - started);
  }
  child.process.kill('SIGTERM');
  await child.exited;
  return latencies;
}

interface WorkerChild {
  process: ChildProcess;
  /** Resolves with the next line on the child's stderr that matches `pattern`. */
  next(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  exited: Promise<void>;
}

/** This same script, in a child process, as `worker <mode> <settings json> [jobs]`; it reports on stderr. */
function startWorker(args: string[], url: string, warnings: Set<string>): WorkerChild {
  // Compiled (npm run bench:jobs) as production runs; a .ts file (a quick `npx tsx` run) loads tsx.
  const loader = __filename.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...loader, __filename, 'worker', ...args], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const waiting: { pattern: RegExp; resolve(match: RegExpExecArray): void; reject(error: Error): void }[] = [];
  let stderr = '';
  let partial = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      stderr += `${line}\n`;
      if (line.startsWith('{')) {
        // graphile-worker's warnings through Shortline's logger: collected for the report, once each.
        try {
          warnings.add(String((JSON.parse(line) as { message: unknown }).message));
        } catch {
          warnings.add(line);
        }
        continue;
      }
      const index = waiting.findIndex((w) => w.pattern.test(line));
      if (index >= 0) {
        const [found] = waiting.splice(index, 1);
        found.resolve(found.pattern.exec(line)!);
      }
    }
  });
  const exited = new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => {
      const error = new Error(`worker exited with ${code}:\n${stderr}${partial}`);
      for (const w of waiting.splice(0)) w.reject(error);
      if (code === 0) resolve();
      else reject(error);
    });
  });
  exited.catch(() => {}); // also reported through next(), or to whoever awaits it
  return {
    process: child,
    exited,
    next(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`no "${pattern.source}" from the worker within ${timeoutMs} ms:\n${stderr}`));
        }, timeoutMs);
        waiting.push({
          pattern,
          resolve: (match) => {
            clearTimeout(timer);
            resolve(match);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
      });
    },
  };
}

function report(r: {
  args: ReturnType<typeof parseArgs>;
  variants: Variant[];
  results: Record<string, Throughput[]>;
  serial: Record<string, NamedQueueRun>;
  chosen: Variant;
  sweep: ({ variant: Variant } & NamedQueueRun)[];
  recommended: Variant;
  fastest: Variant;
  latencies: Record<string, number[]>;
  warnings: Set<string>;
}): void {
  const { args, variants, results, serial } = r;
  const med = (v: Variant, pick: (t: Throughput) => number) => median(results[v.name].map(pick));
  const off = (n: number, offValue: number) => (n === offValue ? 'off' : n);
  const serialCell = (run: NamedQueueRun) => (run.maxRunningAtOnce === 1 ? 'yes' : `**NO** (${run.maxRunningAtOnce} at once)`);
  console.log(
    `\njobs: ${args.jobs} no-op jobs per variant, ${args.rounds} rounds (interleaved), poll interval ${DEFAULTS.pollIntervalMs} ms unless named -p, Node ${process.version}, medians\n`,
  );
  console.log(
    table(
      [
        'variant',
        'concurrency',
        'localQueue',
        'completeBatchDelay ms',
        'jobs/s',
        'drain s',
        'vs c4',
        'worker CPU µs/job',
        'named queue serial',
        'jobs/s per round',
      ],
      variants.map((v) => [
        v.name + (v.name === BASELINE ? " (graphile-worker's defaults)" : '') + (v === r.chosen ? ' (chosen)' : ''),
        v.settings.concurrency,
        off(v.settings.localQueueSize, 0),
        off(v.settings.completeBatchDelayMs, -1),
        Math.round(med(v, (t) => t.jobsPerSecond)),
        med(v, (t) => t.seconds).toFixed(2),
        `${med(v, (t) => t.vsBase).toFixed(2)}x`,
        Math.round(med(v, (t) => t.cpuMicrosPerJob)),
        serialCell(serial[v.name]),
        results[v.name].map((t) => Math.round(t.jobsPerSecond)).join(', '),
      ]),
    ),
  );
  console.log(
    `\nnamed queue backlog: ${SERIAL_JOBS} jobs of one named queue (${SERIAL_HOLD_MS} ms each) queued before the worker starts, ` +
      `the chosen settings by poll interval, median of ${args.rounds} (target >= ${args.namedQueueTarget} jobs/s)\n`,
  );
  console.log(
    table(
      ['variant', 'poll interval ms', 'named queue jobs/s', 'serial', 'idle get-job polls/s per process'],
      r.sweep.map((run) => [
        run.variant.name + (run.variant === r.recommended ? ' **recommended**' : ''),
        run.variant.settings.pollIntervalMs,
        run.jobsPerSecond.toFixed(1),
        serialCell(run),
        // Without a local queue every worker slot polls on its own; with one, the local queue alone does.
        ((run.variant.settings.localQueueSize > 0 ? 1 : run.variant.settings.concurrency) * (1000 / run.variant.settings.pollIntervalMs)).toFixed(1),
      ]),
    ),
  );
  console.log(
    `\nquiet queue: enqueue -> handler start, ${args.trickle} jobs one at a time ${args.pause} ms apart on an idle worker, x ${args.rounds} rounds (pooled)\n`,
  );
  console.log(
    table(
      ['variant', 'poll interval ms', 'p50 ms', 'p95 ms', 'max ms', 'samples'],
      Object.entries(r.latencies).map(([name, values]) => [
        name,
        parseVariant(name).settings.pollIntervalMs,
        percentile(values, 0.5).toFixed(1),
        percentile(values, 0.95).toFixed(1),
        Math.max(...values).toFixed(1),
        values.length,
      ]),
    ),
  );
  if (r.warnings.size > 0) console.log(`\nworker warnings seen:\n${[...r.warnings].map((w) => `- ${w}`).join('\n')}`);
  const envLine = (s: JobSettings) =>
    `WORKER_CONCURRENCY=${s.concurrency} WORKER_LOCAL_QUEUE_SIZE=${s.localQueueSize} WORKER_COMPLETE_BATCH_DELAY_MS=${s.completeBatchDelayMs} WORKER_POLL_INTERVAL_MS=${s.pollIntervalMs}`;
  const summary = (v: Variant) =>
    `${v.name}: ${Math.round(med(v, (t) => t.jobsPerSecond))} jobs/s, ${med(v, (t) => t.vsBase).toFixed(2)}x graphile-worker's defaults`;
  console.log(
    `\nrecommended: the least aggressive variant that keeps named queues serial and that no other such variant beats by > ${Math.round(args.tolerance * 100)}% in every round (${summary(r.chosen)}), ` +
      `with the longest poll interval that drains a named queue at >= ${args.namedQueueTarget} jobs/s:\n${envLine(r.recommended.settings)}`,
  );
  if (r.fastest !== r.chosen) {
    const broken = serial[r.fastest.name].maxRunningAtOnce;
    console.log(
      `fastest measured (${summary(r.fastest)})${broken === 1 ? '' : `, but it runs jobs of one named queue ${broken} at a time with this graphile-worker`}:\n${envLine(r.fastest.settings)}`,
    );
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function parseArgs(argv: string[]) {
  return {
    variants: listArg(argv, 'variants') ?? DEFAULT_VARIANTS,
    jobs: numberArg(argv, 'jobs', 30_000),
    rounds: numberArg(argv, 'rounds', 3),
    trickle: numberArg(argv, 'trickle', 20),
    pause: numberArg(argv, 'pause', 100),
    /** Poll intervals tried for the chosen settings, longest first. */
    polls: listArg(argv, 'polls')?.map(Number) ?? [2000, 1000, 500, 250],
    /** Jobs/s a named queue's backlog must drain at: twice the rollups one web process adds at most (a click flush a second). */
    namedQueueTarget: numberArg(argv, 'named-queue-target', 2),
    /** A more aggressive variant is chosen over a gentler one only if it beats it by more than this in every round. */
    tolerance: numberArg(argv, 'tolerance', 0.15),
  };
}

// ---------------------------------------------------------------- worker process

/**
 * drain: runs the queue dry, prints `done <ms from first job start to empty queue> <jobs run> <CPU µs> <most holding jobs at once>`, stops.
 * latency: prints `ready`, then `ran <seq>` as each job starts, until SIGTERM.
 * graphile-worker's warnings reach stderr as JSON lines (Shortline's logger at warn).
 */
async function worker(mode: string, settings: JobSettings, jobs: number): Promise<void> {
  const url = process.env.DATABASE_URL!;
  let ran = 0;
  let firstStart = 0;
  let cpuAtStart = process.cpuUsage();
  let running = 0;
  let maxRunning = 0;
  let allStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => (allStarted = resolve));
  const task = benchTask(async ({ seq, holdMs }) => {
    if (mode === 'latency') {
      process.stderr.write(`ran ${seq}\n`);
      return;
    }
    if (ran++ === 0) {
      firstStart = performance.now();
      cpuAtStart = process.cpuUsage();
    }
    if (ran === jobs) allStarted();
    if (holdMs !== undefined) {
      maxRunning = Math.max(maxRunning, ++running);
      await sleep(holdMs);
      running--;
    }
  });
  const runner = new JobRunner({
    databaseUrl: url,
    tasks: [task],
    settings,
    logger: createLogger({ level: 'warn', format: 'json', output: process.stderr }),
    metrics: createMetrics(),
  });
  await runner.start();

  if (mode === 'latency') {
    process.on('SIGTERM', () => void runner.stop().then(() => process.exit(0)));
    process.stderr.write('ready\n');
    return;
  }

  await started;
  // Every job has started; the queue is empty once the last completion is committed.
  const client = new Client({ connectionString: url });
  await client.connect();
  for (;;) {
    const { rows } = await client.query<{ empty: boolean }>('select not exists (select 1 from graphile_worker.jobs) as empty');
    if (rows[0].empty) break;
    await sleep(2);
  }
  const elapsed = performance.now() - firstStart;
  const cpu = process.cpuUsage(cpuAtStart);
  await client.end();
  process.stderr.write(`done ${elapsed.toFixed(1)} ${ran} ${cpu.user + cpu.system} ${maxRunning}\n`);
  await runner.stop();
  process.exit(0);
}

const run = process.argv[2] === 'worker' ? worker(process.argv[3], JSON.parse(process.argv[4]) as JobSettings, Number(process.argv[5] ?? 0)) : main();
run.catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

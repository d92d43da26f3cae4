import { EventEmitter } from 'node:events';
import {
  Logger as WorkerLogger,
  makeWorkerUtils,
  parseCronItems,
  run,
  runMigrations,
  type ParsedCronItem,
  type Runner,
  type Task,
  type WorkerEvents,
} from 'graphile-worker';
import { Counter, Histogram } from 'prom-client';
import type { Logger } from '../logging';
import type { Metrics } from '../metrics';
import { parsePayload, type TaskDefinition } from './task';

export interface JobSettings {
  /** Jobs run at once by this process. */
  concurrency: number;
  /** How often to look for jobs when no notification arrived, in ms. */
  pollIntervalMs: number;
  /** Jobs fetched and locked per batch (graphile-worker's localQueue); 0 = off. */
  localQueueSize: number;
  /**
   * Completions (and failures) written in batches after this delay, in ms; 0
   * batches what finishes in the same tick. -1 writes one per job, which in
   * graphile-worker 0.17 is fire-and-forget: a database outage at that moment
   * is an unhandled rejection that kills the process. Batched writes are
   * retried (about 20 times over minutes) and a final failure stops the runner
   * cleanly, which then restarts. Only the benchmark uses -1, to compare.
   */
  completeBatchDelayMs: number;
  /** How long shutdown waits for running jobs before abandoning them (they are retried). */
  shutdownTimeoutMs: number;
}

/** graphile-worker's log lines through Shortline's logger. */
export function workerLogger(logger: Logger): WorkerLogger {
  return new WorkerLogger(() => (level, message, meta) => {
    const mapped = level === 'warning' ? 'warn' : level === 'error' ? 'error' : level === 'info' ? 'info' : 'debug';
    logger.log(mapped, `jobs: ${message}`, meta ?? {});
  });
}

/** Installs or upgrades graphile-worker's own schema (`graphile_worker`, platform-owned). */
export async function migrateJobs(databaseUrl: string, logger: Logger): Promise<void> {
  await runMigrations({ connectionString: databaseUrl, logger: workerLogger(logger) });
}

/**
 * Runs the tasks of every module with graphile-worker. Each payload is checked
 * against its task's schema before the handler sees it: a malformed job fails
 * (and is retried, then failed permanently) with a clear error; the worker
 * keeps running.
 */
/** After its runner stopped on an error (the database was away too long), the next start is tried this much later. */
const RESTART_DELAY_MS = 5000;

export class JobRunner {
  private runner: Runner | undefined;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  /** Worker pools of runners that stopped on an error: the jobs they still hold are released before the next start. */
  private deadPools: string[] = [];
  private readonly duration: Histogram<'task' | 'outcome'>;
  private readonly failures: Counter<'task' | 'permanent'>;

  constructor(
    private readonly options: {
      databaseUrl: string;
      tasks: readonly TaskDefinition[];
      settings: JobSettings;
      logger: Logger;
      metrics: Metrics;
    },
  ) {
    const registers = [options.metrics.registry];
    this.duration = new Histogram({
      name: 'shortline_job_duration_seconds',
      help: 'Job run time by task and outcome (ok|error)',
      labelNames: ['task', 'outcome'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
      registers,
    });
    this.failures = new Counter({
      name: 'shortline_job_failures_total',
      help: 'Failed job attempts by task; permanent="true" once no attempts are left',
      labelNames: ['task', 'permanent'],
      registers,
    });
  }

  async start(): Promise<void> {
    this.stopping = false;
    await this.launch();
  }

  private async launch(): Promise<void> {
    const { settings, logger } = this.options;
    if (this.deadPools.length > 0) await this.releaseDeadPools();
    const taskList: Record<string, Task> = {};
    for (const task of this.options.tasks) {
      taskList[task.name] = async (payload, helpers) => {
        const started = process.hrtime.bigint();
        const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
        try {
          await task.run(parsePayload(task, payload), { id: helpers.job.id, attempts: helpers.job.attempts });
          this.duration.observe({ task: task.name, outcome: 'ok' }, seconds());
        } catch (error) {
          this.duration.observe({ task: task.name, outcome: 'error' }, seconds());
          throw error;
        }
      };
    }
    const events: WorkerEvents = new EventEmitter();
    const pools: string[] = [];
    events.on('pool:create', ({ workerPool }) => pools.push(workerPool.id));
    this.runner = await run({
      events,
      connectionString: this.options.databaseUrl,
      parsedCronItems: cronItems(this.options.tasks),
      concurrency: settings.concurrency,
      pollInterval: settings.pollIntervalMs,
      noHandleSignals: true,
      taskList,
      logger: workerLogger(logger),
      preset: {
        worker: {
          gracefulShutdownAbortTimeout: settings.shutdownTimeoutMs,
          ...(settings.localQueueSize > 0 ? { localQueue: { size: settings.localQueueSize } } : {}),
          ...(settings.completeBatchDelayMs >= 0
            ? { completeJobBatchDelay: settings.completeBatchDelayMs, failJobBatchDelay: settings.completeBatchDelayMs }
            : {}),
        },
      },
    });
    this.runner.events.on('job:error', ({ job }) => this.failures.inc({ task: job.task_identifier, permanent: 'false' }));
    this.runner.events.on('job:failed', ({ job }) => this.failures.inc({ task: job.task_identifier, permanent: 'true' }));
    const runner = this.runner;
    // graphile-worker stops a runner it cannot keep consistent (a completion it could not write): its
    // promise then settles although no one asked it to stop. This process keeps serving and starts a new
    // runner, which finds the unfinished jobs again (they run again: jobs are at-least-once).
    const ended = (error?: unknown) => {
      if (this.stopping || this.runner !== runner) return;
      this.runner = undefined;
      this.deadPools.push(...pools);
      const why = error === undefined ? 'it stopped on an error (see above)' : ((error as Error).message ?? String(error));
      logger.error(`job runner stopped: ${why}; restarting in ${RESTART_DELAY_MS / 1000} s`);
      this.scheduleRestart();
    };
    runner.promise.then(() => ended(), ended);
  }

  /**
   * Unlocks the jobs a stopped runner's pools still hold (locked_by is the pool
   * id), so they run again now instead of after graphile-worker's 4-hour lock
   * expiry. Only those pools': other processes' workers keep their jobs.
   */
  private async releaseDeadPools(): Promise<void> {
    const utils = await makeWorkerUtils({ connectionString: this.options.databaseUrl, logger: workerLogger(this.options.logger) });
    try {
      await utils.forceUnlockWorkers(this.deadPools);
      this.deadPools = [];
    } finally {
      await utils.release();
    }
  }

  private scheduleRestart(): void {
    this.restartTimer = setTimeout(() => {
      this.launch().then(
        () => this.options.logger.info('job runner restarted'),
        (error: unknown) => {
          if (this.stopping) return;
          this.options.logger.error(
            `job runner could not restart: ${(error as Error).message ?? String(error)}; trying again in ${RESTART_DELAY_MS / 1000} s`,
          );
          this.scheduleRestart();
        },
      );
    }, RESTART_DELAY_MS);
  }

  /** Waits for running jobs (bounded by shutdownTimeoutMs) and releases their locks. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const runner = this.runner;
    this.runner = undefined;
    await runner?.stop().catch((error: unknown) => this.options.logger.warn('job runner stopped with an error', { error: (error as Error).message }));
  }
}

/**
 * graphile-worker's cron items for the recurring tasks (items rather than crontab
 * text, whose task names may not contain dots). A tick missed while no worker ran
 * is backfilled within the last hour; the job key makes a tick still queued
 * absorb the next instead of piling up behind a slow run.
 */
export function cronItems(tasks: readonly TaskDefinition[]): ParsedCronItem[] {
  return parseCronItems(
    tasks
      .filter((task) => task.schedule !== undefined)
      .map((task) => ({
        task: task.name,
        match: task.schedule!,
        options: { backfillPeriod: 60 * 60 * 1000, jobKey: task.name, jobKeyMode: 'preserve_run_at' as const },
      })),
  );
}

import { Logger as WorkerLogger, parseCronItems, run, runMigrations, type ParsedCronItem, type Runner, type Task } from 'graphile-worker';
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
  /** Completions written in batches after this delay, in ms; -1 = one write per job. */
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
export class JobRunner {
  private runner: Runner | undefined;
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
    const { settings, logger } = this.options;
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
    this.runner = await run({
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
          ...(settings.completeBatchDelayMs >= 0 ? { completeJobBatchDelay: settings.completeBatchDelayMs } : {}),
        },
      },
    });
    this.runner.events.on('job:error', ({ job }) => this.failures.inc({ task: job.task_identifier, permanent: 'false' }));
    this.runner.events.on('job:failed', ({ job }) => this.failures.inc({ task: job.task_identifier, permanent: 'true' }));
  }

  /** Waits for running jobs (bounded by shutdownTimeoutMs) and releases their locks. */
  async stop(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    await runner?.stop();
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

import type { Knex } from 'knex';
import type { z } from 'zod';
import { parsePayload, type TaskDefinition } from './task';

export interface EnqueueOptions {
  /** Replaces a pending job with the same key instead of adding another (de-duplication). */
  jobKey?: string;
  /**
   * What a jobKey does to a pending job: `replace` (default) updates it, run
   * time included; `preserve_run_at` updates it but keeps its run time.
   */
  jobKeyMode?: 'replace' | 'preserve_run_at';
  /** Lower runs first (graphile-worker's convention); default 0. */
  priority?: number;
  runAt?: Date;
  /** Attempts before the job fails permanently, with exponential backoff between them; default 25. */
  maxAttempts?: number;
  /** Jobs of one queue run one at a time, in order. */
  queueName?: string;
}

/**
 * Adds a job through `db`. Pass the caller's transaction: the job then exists if
 * and only if that transaction commits (graphile-worker's add_job is plain SQL
 * in the same database), which is what makes the queue an outbox.
 */
export async function enqueue<S extends z.ZodType>(
  db: Knex,
  task: TaskDefinition<S>,
  payload: z.input<S>,
  options: EnqueueOptions = {},
): Promise<void> {
  const checked = parsePayload(task, payload);
  await db.raw(
    `select graphile_worker.add_job(identifier => ?, payload => ?::json, queue_name => ?, run_at => ?,
       max_attempts => ?::smallint, job_key => ?, priority => ?::smallint, job_key_mode => ?)`,
    [
      task.name,
      JSON.stringify(checked),
      options.queueName ?? null,
      options.runAt ?? null,
      options.maxAttempts ?? null,
      options.jobKey ?? null,
      options.priority ?? null,
      options.jobKeyMode ?? 'replace',
    ],
  );
}

/** Several jobs in one statement (graphile-worker's add_jobs), with the same transaction rule as enqueue. */
export async function enqueueAll(
  db: Knex,
  // add_jobs takes the job-key mode once per call, not per job: replace, always.
  jobs: readonly { task: TaskDefinition; payload: unknown; options?: Omit<EnqueueOptions, 'jobKeyMode'> }[],
): Promise<void> {
  if (jobs.length === 0) return;
  const specs = jobs.map(({ task, payload, options = {} }) => ({
    identifier: task.name,
    payload: parsePayload(task, payload),
    queue_name: options.queueName ?? null,
    run_at: options.runAt?.toISOString() ?? null,
    max_attempts: options.maxAttempts ?? null,
    job_key: options.jobKey ?? null,
    priority: options.priority ?? null,
  }));
  await db.raw('select count(*) from graphile_worker.add_jobs(array(select json_populate_recordset(null::graphile_worker.job_spec, ?::json)))', [
    JSON.stringify(specs),
  ]);
}

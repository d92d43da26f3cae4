import type { Knex } from 'knex';

/** A job with no attempts left, as `npm run cli -- jobs:failed` lists it. */
export interface FailedJob {
  id: string;
  task: string;
  attempts: number;
  lastError: string | null;
  updatedAt: Date;
}

export async function listFailedJobs(db: Knex, limit = 100): Promise<FailedJob[]> {
  const result = await db.raw<{ rows: { id: string; task: string; attempts: number; last_error: string | null; updated_at: Date }[] }>(
    `select id::text, task_identifier as task, attempts, last_error, updated_at
       from graphile_worker.jobs where attempts >= max_attempts order by updated_at desc limit ?`,
    [limit],
  );
  return result.rows.map((r) => ({ id: r.id, task: r.task, attempts: r.attempts, lastError: r.last_error, updatedAt: r.updated_at }));
}

/** Gives failed jobs a fresh set of attempts, due now. Returns the ids that were retried. */
export async function retryFailedJobs(db: Knex, ids: string[]): Promise<string[]> {
  const result = await db.raw<{ rows: { id: string }[] }>(
    `select id::text from graphile_worker.reschedule_jobs(
       (select array_agg(id) from graphile_worker.jobs where id = any(?::bigint[]) and attempts >= max_attempts),
       run_at => now(), attempts => 0)`,
    [ids],
  );
  return result.rows.map((r) => r.id);
}

import type { Knex } from 'knex';
import { Gauge } from 'prom-client';
import type { Metrics } from '../metrics';

interface TaskRow {
  task: string;
  lag: string;
  ready: string;
  scheduled: string;
  locked: string;
  failed: string;
}

/**
 * `shortline_job_queue_depth{task,state}` and `shortline_job_queue_lag_seconds{task}`,
 * read from graphile-worker's jobs view when /metrics is scraped, in every
 * process (a web-only process shows the backlog its worker processes face).
 * Depth says how much waits; lag says how late the oldest of it is.
 */
export function registerQueueDepth(metrics: Metrics, db: Knex): void {
  // One query per scrape for both gauges (prom-client collects them concurrently).
  let sample: Promise<TaskRow[]> | undefined;
  const rows = () =>
    (sample ??= db
      .raw<{ rows: TaskRow[] }>(
        `select task_identifier as task,
           coalesce(extract(epoch from now() - min(run_at) filter (where attempts < max_attempts and locked_at is null and run_at <= now())), 0) as lag,
           count(*) filter (where attempts < max_attempts and locked_at is null and run_at <= now()) as ready,
           count(*) filter (where attempts < max_attempts and locked_at is null and run_at > now()) as scheduled,
           count(*) filter (where attempts < max_attempts and locked_at is not null) as locked,
           count(*) filter (where attempts >= max_attempts) as failed
         from graphile_worker.jobs group by task_identifier`,
      )
      .then((result) => result.rows)
      .catch(() => []) // not migrated yet, or the database is away: report nothing
      .finally(() => setImmediate(() => (sample = undefined))));

  new Gauge({
    name: 'shortline_job_queue_depth',
    help: 'Jobs by task and state: ready, scheduled (run_at in the future), locked (running), failed (no attempts left)',
    labelNames: ['task', 'state'],
    registers: [metrics.registry],
    async collect() {
      const found = await rows();
      this.reset();
      for (const row of found) {
        for (const state of ['ready', 'scheduled', 'locked', 'failed'] as const) this.set({ task: row.task, state }, Number(row[state]));
      }
    },
  });
  new Gauge({
    name: 'shortline_job_queue_lag_seconds',
    help: 'Seconds the oldest ready job (due, not running) of each task has waited past its run time; 0 when none waits',
    labelNames: ['task'],
    registers: [metrics.registry],
    async collect() {
      const found = await rows();
      this.reset();
      for (const row of found) this.set({ task: row.task }, Number(row.lag));
    },
  });
}

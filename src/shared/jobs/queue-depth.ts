import type { Knex } from 'knex';
import { Gauge } from 'prom-client';
import type { Metrics } from '../metrics';

/**
 * `shortline_job_queue_depth{task,state}`, read from graphile-worker's jobs view
 * when /metrics is scraped, in every process (a web-only process shows the
 * backlog its worker processes face).
 */
export function registerQueueDepth(metrics: Metrics, db: Knex): void {
  new Gauge({
    name: 'shortline_job_queue_depth',
    help: 'Jobs by task and state: ready, scheduled (run_at in the future), locked (running), failed (no attempts left)',
    labelNames: ['task', 'state'],
    registers: [metrics.registry],
    async collect() {
      this.reset();
      const result = await db
        .raw<{ rows: { task: string; ready: string; scheduled: string; locked: string; failed: string }[] }>(
          `select task_identifier as task,
             count(*) filter (where attempts < max_attempts and locked_at is null and run_at <= now()) as ready,
             count(*) filter (where attempts < max_attempts and locked_at is null and run_at > now()) as scheduled,
             count(*) filter (where attempts < max_attempts and locked_at is not null) as locked,
             count(*) filter (where attempts >= max_attempts) as failed
           from graphile_worker.jobs group by task_identifier`,
        )
        .catch(() => ({ rows: [] })); // not migrated yet, or the database is away: report nothing
      for (const row of result.rows) {
        for (const state of ['ready', 'scheduled', 'locked', 'failed'] as const) this.set({ task: row.task, state }, Number(row[state]));
      }
    },
  });
}

import type { z } from 'zod';

/**
 * A background task a module declares: a name, the zod schema of its payload
 * (checked when enqueued and again when run, so a malformed job fails with a
 * clear error instead of reaching the handler), and the handler.
 */
export interface TaskDefinition<S extends z.ZodType = z.ZodType> {
  /** Unique across modules: `<module>.<what it does>`, e.g. `analytics.rollup`. */
  name: string;
  payload: S;
  /**
   * Makes the task recurring: a cron expression (five fields, UTC), e.g.
   * `0 * * * *` for hourly. graphile-worker's crontab runs it once per tick
   * however many workers there are; it then gets an empty payload.
   */
  schedule?: string;
  run(payload: z.infer<S>, job: { id: string; attempts: number }): Promise<void>;
}

export function defineTask<S extends z.ZodType>(task: TaskDefinition<S>): TaskDefinition<S> {
  return task;
}

export class InvalidJobPayload extends Error {
  constructor(task: string, issues: string) {
    super(`Job of task "${task}" has an invalid payload: ${issues}`);
    this.name = 'InvalidJobPayload';
  }
}

export function parsePayload<S extends z.ZodType>(task: TaskDefinition<S>, payload: unknown): z.infer<S> {
  const result = task.payload.safeParse(payload);
  if (result.success) return result.data;
  throw new InvalidJobPayload(task.name, result.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; '));
}

import type { Knex } from 'knex';

/**
 * Which of `keys` a job still holds that will run: waiting, put off to a
 * later time, or running. A job that failed for good keeps its key in
 * graphile-worker but will never run; it is not counted, so a sweep can
 * queue a fresh job in its place (key mode `replace` takes the key from it).
 */
export async function liveJobKeys(db: Knex, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const result = await db.raw<{ rows: { key: string }[] }>(
    'select key from graphile_worker.jobs where key = any(?::text[]) and (attempts < max_attempts or locked_at is not null)',
    [[...keys]],
  );
  return new Set(result.rows.map((row) => row.key));
}

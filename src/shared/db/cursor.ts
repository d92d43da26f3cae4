import type { Knex } from 'knex';

/**
 * The rows of one query, `size` at a time, through a server-side cursor: the
 * process holds one batch, however many rows the query returns, and the next
 * batch is fetched only when the caller asks for it (a slow reader slows the
 * fetching, nothing piles up). One read-only repeatable-read transaction, so
 * every batch sees the same snapshot; it holds a pool connection until the
 * last batch, or until the caller stops early (`return()` on the iterator,
 * which a destroyed stream does), when it is rolled back.
 *
 * The statement runs when the first batch is fetched: a query that sorts many
 * rows may take long, so the cursor's statements get `timeoutMs` instead of
 * the pool's statement_timeout.
 */
export async function* cursorBatches<T>(
  db: Knex,
  query: { sql: string; bindings: readonly Knex.RawBinding[] },
  { size = 1000, timeoutMs = 600_000 }: { size?: number; timeoutMs?: number } = {},
): AsyncGenerator<T[], void, undefined> {
  const trx = await db.transaction({ isolationLevel: 'repeatable read', readOnly: true });
  try {
    await trx.raw(`set local statement_timeout = ${Math.max(0, Math.floor(timeoutMs))}`);
    await trx.raw(`declare batches no scroll cursor for ${query.sql}`, query.bindings);
    for (;;) {
      const { rows } = await trx.raw<{ rows: T[] }>(`fetch forward ${Math.max(1, Math.floor(size))} from batches`);
      if (rows.length > 0) yield rows;
      if (rows.length < size) break;
    }
    await trx.commit();
  } finally {
    if (!trx.isCompleted()) await trx.rollback();
  }
}

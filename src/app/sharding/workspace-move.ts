import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import type { Cell } from '../cell';
import type { Logger } from '../../shared/logging';
import type { WorkspaceData } from '../../shared/module';

/**
 * Moving one workspace's data to another shard (`npm run cli -- workspace:move`,
 * docs/architecture/scaling.md#shards), in the order that keeps it served throughout:
 *
 * 1. identity marks the workspace as moving: its writes get 503 + Retry-After
 *    in every process (the directory's cache is invalidated through main);
 *    reads and redirects go on from the old shard.
 * 2. A grace period lets writes admitted just before the mark commit and the
 *    other processes' click buffers flush; then this process flushes its own
 *    and rolls up what is pending, so the copy has every click rolled up.
 * 3. Every module's workspace tables (ModuleInstance.workspaceData) are copied
 *    in one transaction on the new shard — rows of an interrupted earlier move
 *    are cleared first, so a move can be run again.
 * 4. The directory points at the new shard and writes resume.
 * 5. The old shard's rows go, in one transaction (links evicts its slugs from
 *    the old shard's redirect caches first).
 *
 * Clicks the old shard records between the copy and its removal (redirects it
 * had cached; the copy's duration, plus one notification) are not carried
 * over: the report counts them (`notCarried`), as it would a write that took
 * longer than the grace period. A failure before step 4 leaves the
 * workspace where it was, writable.
 */
export interface MoveReport {
  workspaceId: string;
  from: string;
  to: string;
  /** Rows copied, by table. */
  rows: Record<string, number>;
  /**
   * Rows the old shard got after the copy (clicks of redirects it still had
   * cached, a write slower than the grace period), deleted with the rest: by
   * table, only those with any.
   */
  notCarried: Record<string, number>;
  /** How long the workspace's writes were paused, and of that the copy. */
  pausedMs: number;
  copyMs: number;
}

export class MoveError extends Error {}

/** The least grace period; longer when CLICKS_FLUSH_INTERVAL_MS is (twice that). */
export const DEFAULT_MOVE_GRACE_MS = 5000;

interface Mover {
  cells: ReadonlyMap<string, Cell>;
  main: Cell;
  logger: Logger;
}

export async function moveWorkspace(
  { cells, main, logger }: Mover,
  workspaceId: string,
  shard: string,
  { graceMs }: { graceMs: number },
): Promise<MoveReport> {
  const identity = main.apis.find('identity');
  if (!identity) throw new MoveError('workspace:move needs the identity module');
  const target = cells.get(shard);
  if (!target) throw new MoveError(`No shard is named "${shard}" (configured: ${[...cells.keys()].join(', ')})`);
  const placement = await identity.placementOf(workspaceId);
  if (!placement) throw new MoveError(`No workspace has the id ${workspaceId}`);
  if (placement.shard === shard) throw new MoveError(`Workspace ${workspaceId} is on shard "${shard}" already`);
  const source = cells.get(placement.shard);
  if (!source) throw new MoveError(`Workspace ${workspaceId} is on shard "${placement.shard}", which SHARDS does not configure`);

  const from = (await identity.beginMove(workspaceId)).shard;
  const paused = Date.now();
  let rows: Record<string, number>;
  let copyMs: number;
  try {
    if (from !== placement.shard) throw new MoveError(`Workspace ${workspaceId} moved to "${from}" meanwhile; run the move again`);
    await sleep(graceMs);
    await source.apis.find('analytics')?.flushClicks();
    await source.apis.find('analytics')?.rollUp();
    const copyStarted = Date.now();
    rows = await copy(source, target, workspaceId);
    copyMs = Date.now() - copyStarted;
  } catch (error) {
    await identity.endMove(workspaceId, from);
    throw error;
  }
  await identity.endMove(workspaceId, shard);
  const pausedMs = Date.now() - paused;
  logger.info('workspace moved', { workspaceId, from, to: shard, pausedMs, copyMs });
  let notCarried: Record<string, number>;
  try {
    const removed = await remove(source, workspaceId);
    notCarried = Object.fromEntries(
      Object.entries(removed).flatMap(([table, n]) => (n > (rows[table] ?? 0) ? [[table, n - (rows[table] ?? 0)]] : [])),
    );
  } catch (error) {
    throw new MoveError(
      `Workspace ${workspaceId} now lives on "${shard}", but its old rows on "${from}" could not be deleted (${(error as Error).message}); they are unused, and a later move back clears them`,
    );
  }
  if (Object.keys(notCarried).length > 0)
    logger.warn('workspace move: rows written to the old shard after the copy were not carried over', { workspaceId, notCarried });
  return { workspaceId, from, to: shard, rows, notCarried, pausedMs, copyMs };
}

/** The cell's modules that keep workspace data, by module name. */
function workspaceData(cell: Cell): Map<string, WorkspaceData> {
  const data = new Map<string, WorkspaceData>();
  cell.modules.forEach(({ definition, instance }) => {
    if (instance.workspaceData) data.set(definition.name, instance.workspaceData);
  });
  return data;
}

async function copy(source: Cell, target: Cell, workspaceId: string): Promise<Record<string, number>> {
  const sourceData = workspaceData(source);
  const targetData = workspaceData(target);
  const counts: Record<string, number> = {};
  await target.db.platform.transaction(async (trx) => {
    await deleteRows(trx, targetData.values(), workspaceId);
    for (const [module, data] of targetData) {
      if (!sourceData.has(module)) continue;
      for (const table of data.tables) {
        // As JSON from PostgreSQL to PostgreSQL: no value passes through a JavaScript type (dates, bigints, bytea).
        const { rows } = await source.db
          .forModule(module)
          .raw<{ rows: { data: string | null; n: number }[] }>(
            'select json_agg(t)::text as data, count(*)::int as n from ?? t where workspace_id = ?',
            [table, workspaceId],
          );
        counts[table] = rows[0].n;
        if (rows[0].n === 0) continue;
        await data.beforeImport?.(trx, table, JSON.parse(rows[0].data!) as Record<string, unknown>[]);
        // Identity columns (webhooks' pending click seq) keep their values; the sequence then moves past them.
        await trx.raw(`insert into ?? overriding system value select * from json_populate_recordset(null::${quoted(table)}, ?::json)`, [
          table,
          rows[0].data,
        ]);
        await advanceIdentitySequences(trx, table);
      }
    }
  });
  return counts;
}

/** Deletes the workspace's rows from the old shard; returns how many, by table. */
async function remove(source: Cell, workspaceId: string): Promise<Record<string, number>> {
  return source.db.platform.transaction((trx) =>
    deleteRows(trx, workspaceData(source).values(), workspaceId, (data) => data.beforeRemove?.(trx, workspaceId)),
  );
}

/** The workspace's rows of every table, children first (modules and tables in reverse); returns how many, by table. */
async function deleteRows(
  trx: Knex,
  modules: Iterable<WorkspaceData>,
  workspaceId: string,
  before?: (data: WorkspaceData) => Promise<void> | undefined,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const data of [...modules].reverse()) {
    await before?.(data);
    for (const table of [...data.tables].reverse()) {
      counts[table] = (await trx.raw<{ rowCount: number }>('delete from ?? where workspace_id = ?', [table, workspaceId])).rowCount;
    }
  }
  return counts;
}

async function advanceIdentitySequences(trx: Knex, table: string): Promise<void> {
  const { rows } = await trx.raw<{ rows: { column: string }[] }>(
    "select attname as column from pg_attribute where attrelid = ?::regclass and attidentity <> '' and not attisdropped",
    [quoted(table)],
  );
  for (const { column } of rows) {
    await trx.raw(`select setval(pg_get_serial_sequence(?, ?), greatest((select max(??) from ??), nextval(pg_get_serial_sequence(?, ?))))`, [
      quoted(table),
      column,
      column,
      table,
      quoted(table),
      column,
    ]);
  }
}

/** `schema.table` as a quoted identifier, for the places a type or regclass name is written out. */
function quoted(table: string): string {
  return table
    .split('.')
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join('.');
}

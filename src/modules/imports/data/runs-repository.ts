import type { Knex } from 'knex';
import type { Position } from '../../../shared/http/cursor';
import type { ConflictPolicy, Format, ImportFailure, Mapping, Media, RunStatus } from '../types';

/** SQL on schema `imports` only; every query is scoped by workspace id. */

export interface RunRow {
  id: string;
  workspace_id: string;
  format: Format;
  on_conflict: ConflictPolicy;
  mapping: Mapping | null;
  status: RunStatus;
  media: Media;
  /** bigint: pg sends a string. */
  bytes: string;
  sha256: string | null;
  rows_read: number;
  rows_created: number;
  rows_skipped: number;
  rows_failed: number;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export type Counters = Pick<RunRow, 'rows_read' | 'rows_created' | 'rows_skipped' | 'rows_failed'>;

export class RunsRepository {
  constructor(readonly db: Knex) {}

  async create(run: Pick<RunRow, 'workspace_id' | 'format' | 'on_conflict' | 'mapping' | 'media'>): Promise<RunRow> {
    const [row] = await this.db<RunRow>('imports.runs')
      .insert({ ...run, mapping: run.mapping === null ? null : (JSON.stringify(run.mapping) as unknown as Mapping) })
      .returning('*');
    return row;
  }

  async addChunk(workspaceId: string, runId: string, seq: number, data: Buffer): Promise<void> {
    await this.db('imports.file_chunks').insert({ run_id: runId, workspace_id: workspaceId, seq, data });
  }

  /** The file's piece number `seq` (from 0), or undefined past its end. */
  async chunk(workspaceId: string, runId: string, seq: number): Promise<Buffer | undefined> {
    const row = await this.db('imports.file_chunks')
      .where({ workspace_id: workspaceId, run_id: runId, seq })
      .first<{ data: Buffer } | undefined>('data');
    return row?.data;
  }

  /** The upload arrived whole: its size and digest, and the run waits for its job. */
  async received(workspaceId: string, runId: string, bytes: number, sha256: string): Promise<RunRow> {
    const [row] = await this.db<RunRow>('imports.runs')
      .where({ workspace_id: workspaceId, id: runId })
      .update({ status: 'queued', bytes: String(bytes), sha256 })
      .returning('*');
    return row;
  }

  async delete(workspaceId: string, runId: string): Promise<void> {
    await this.db('imports.runs').where({ workspace_id: workspaceId, id: runId }).delete();
  }

  async find(workspaceId: string, runId: string): Promise<RunRow | undefined> {
    return this.db<RunRow>('imports.runs').where({ workspace_id: workspaceId, id: runId }).first();
  }

  async page(workspaceId: string, limit: number, after?: Position): Promise<RunRow[]> {
    const query = this.db<RunRow>('imports.runs')
      .where({ workspace_id: workspaceId })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    if (after) query.whereRaw('(created_at, id) < (?, ?)', [after.createdAt, after.id]);
    return query;
  }

  async failures(workspaceId: string, runId: string): Promise<ImportFailure[]> {
    return this.db('imports.failures')
      .where({ workspace_id: workspaceId, run_id: runId })
      .orderBy('row_number')
      .select<ImportFailure[]>('row_number as row', 'reason');
  }

  async countFailures(workspaceId: string, runId: string): Promise<number> {
    const row = await this.db('imports.failures').where({ workspace_id: workspaceId, run_id: runId }).count<{ count: string }[]>('* as count');
    return Number(row[0].count);
  }

  /** A queued run is now running (a retried job finds it running already); false when it had ended. */
  async start(workspaceId: string, runId: string): Promise<boolean> {
    const updated = await this.db('imports.runs')
      .where({ workspace_id: workspaceId, id: runId })
      .whereIn('status', ['queued', 'running'])
      .update({ status: 'running', started_at: this.db.raw('coalesce(started_at, now())') });
    return updated > 0;
  }

  /** A batch's progress: the counters as they now are and the failures to keep, in one transaction. */
  async progress(workspaceId: string, runId: string, counters: Counters, failures: readonly ImportFailure[]): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx('imports.runs').where({ workspace_id: workspaceId, id: runId }).update(counters);
      if (failures.length > 0) {
        await trx('imports.failures')
          .insert(failures.map((f) => ({ run_id: runId, workspace_id: workspaceId, row_number: f.row, reason: f.reason })))
          .onConflict(['run_id', 'row_number'])
          .ignore();
      }
    });
  }

  /** The run ended: its status and error, and its file is deleted. */
  async end(workspaceId: string, runId: string, status: 'finished' | 'failed', error: string | null): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx('imports.runs')
        .where({ workspace_id: workspaceId, id: runId })
        .update({ status, error, finished_at: trx.raw('now()') });
      await trx('imports.file_chunks').where({ workspace_id: workspaceId, run_id: runId }).delete();
    });
  }

  /** Uploads that never arrived whole (the client went away, the process stopped) and are older than `before`. */
  async pruneAbandoned(before: Date): Promise<number> {
    return this.db('imports.runs').where('status', 'receiving').where('created_at', '<', before).delete();
  }
}

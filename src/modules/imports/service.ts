import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { Invalid, NotFound } from '../../shared/errors';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor';
import { isUuid } from '../../shared/http/validate';
import { enqueue, type TaskDefinition } from '../../shared/jobs';
import { RunsRepository, type RunRow } from './data/runs-repository';
import { RUN_ATTEMPTS } from './jobs/run-import.job';
import type { ConflictPolicy, Format, ImportRun, ImportRunWithFailures, Mapping, Media } from './types';

/** The uploaded file is stored in pieces of about this size: a piece is what a worker holds of it at a time. */
const CHUNK_BYTES = 1024 * 1024;

export interface NewImport {
  format: Format;
  onConflict: ConflictPolicy;
  mapping: Mapping | null;
  media: Media;
}

/** The imports use cases: receive a file and queue its run; show runs. */
export class ImportsService {
  constructor(
    private readonly db: Knex,
    private readonly runTask: TaskDefinition,
  ) {}

  /**
   * Stores the file as it arrives, piece by piece, then queues its run in the
   * transaction that marks it received. A body that fails while arriving
   * (too large, the client gone) leaves nothing behind: the run is deleted.
   */
  async start(workspaceId: string, options: NewImport, body: AsyncIterable<Buffer>): Promise<ImportRun> {
    const repo = new RunsRepository(this.db);
    const run = await repo.create({
      workspace_id: workspaceId,
      format: options.format,
      on_conflict: options.onConflict,
      mapping: options.mapping,
      media: options.media,
    });
    try {
      const hash = createHash('sha256');
      let bytes = 0;
      let seq = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        await repo.addChunk(workspaceId, run.id, seq++, Buffer.concat(pending));
        pending = [];
        pendingBytes = 0;
      };
      for await (const piece of body) {
        bytes += piece.length;
        hash.update(piece);
        pending.push(piece);
        pendingBytes += piece.length;
        if (pendingBytes >= CHUNK_BYTES) await flush();
      }
      if (pendingBytes > 0) await flush();
      if (bytes === 0) throw new Invalid('The file is empty: send the export as the request body', [{ field: 'body', message: 'must not be empty' }]);
      const received = await this.db.transaction(async (trx) => {
        const row = await new RunsRepository(trx).received(workspaceId, run.id, bytes, hash.digest('hex'));
        // One queue per workspace: its imports run one after another, never racing for the same slugs.
        await enqueue(trx, this.runTask, { workspaceId, importId: run.id }, { queueName: `imports:${workspaceId}`, maxAttempts: RUN_ATTEMPTS });
        return row;
      });
      return runView(received);
    } catch (error) {
      await repo.delete(workspaceId, run.id);
      throw error;
    }
  }

  async get(workspaceId: string, id: string): Promise<ImportRunWithFailures> {
    const repo = new RunsRepository(this.db);
    const row = isUuid(id) ? await repo.find(workspaceId, id) : undefined;
    if (!row) throw new NotFound(`Import ${id} does not exist`);
    const failures = await repo.failures(workspaceId, id);
    return { ...runView(row), failures, failuresOmitted: row.rows_failed - failures.length };
  }

  async list(workspaceId: string, query: { limit: number; cursor?: string }): Promise<{ data: ImportRun[]; nextCursor: string | null }> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await new RunsRepository(this.db).page(workspaceId, query.limit + 1, after);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      data: page.map(runView),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
    };
  }
}

function runView(row: RunRow): ImportRun {
  return {
    id: row.id,
    format: row.format,
    onConflict: row.on_conflict,
    mapping: row.mapping,
    status: row.status,
    bytes: Number(row.bytes),
    sha256: row.sha256,
    rows: { read: row.rows_read, created: row.rows_created, skipped: row.rows_skipped, failed: row.rows_failed },
    error: row.error,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

import type { Logger } from '../../shared/logging';
import type { ImportedLink, LinksApi } from '../links';
import type { Counters, RunRow, RunsRepository } from './data/runs-repository';
import { READERS } from './formats/formats';
import { sourceRecords, UnreadableFile, type SourceRecord } from './formats/records';
import { rowLink } from './formats/row-link';
import type { ImportsMetrics } from './metrics';
import { MAX_STORED_FAILURES, type ImportFailure } from './types';

/** Rows handed to links per call: one transaction, one insert. */
export const BATCH_ROWS = 500;
/** onConflict=rename tries `<slug>-2` up to `<slug>-9`. */
const RENAME_TRIES = 9;

/** onConflict=fail met a taken slug: the run stops there. */
class ConflictStop extends Error {}

/**
 * Reads a run's file from the database as it streams and creates its links
 * through links' API, in batches, writing the run's progress after each. A
 * retried job resumes after the rows the run already counted; a batch cut
 * short by a crash is read again, and what it had created counts as skipped
 * (the link exists), which is what makes an import safe to run twice.
 */
export class ImportRunner {
  constructor(
    private readonly repo: RunsRepository,
    private readonly links: LinksApi,
    private readonly metrics: ImportsMetrics,
    private readonly logger: Logger,
  ) {}

  /** Runs (or resumes) the run; an unexpected error is thrown for the job to be retried, except on its `lastAttempt`, where it fails the run. */
  async run(workspaceId: string, runId: string, lastAttempt = false): Promise<void> {
    const run = await this.repo.find(workspaceId, runId);
    if (!run || !(await this.repo.start(workspaceId, runId))) return;
    if (run.status === 'queued') this.metrics.started.inc({ format: run.format });
    const counters: Counters = {
      rows_read: run.rows_read,
      rows_created: run.rows_created,
      rows_skipped: run.rows_skipped,
      rows_failed: run.rows_failed,
    };
    const kept = { count: await this.repo.countFailures(workspaceId, runId) };
    const records = sourceRecords(this.file(workspaceId, runId), run.media, READERS[run.format], run.mapping, run.rows_read);
    try {
      let batch: SourceRecord[] = [];
      for await (const record of records) {
        batch.push(record);
        if (batch.length === BATCH_ROWS) {
          await this.batch(run, batch, counters, kept);
          batch = [];
        }
      }
      if (batch.length > 0) await this.batch(run, batch, counters, kept);
    } catch (error) {
      if (error instanceof UnreadableFile || error instanceof ConflictStop) return this.end(run, 'failed', error.message);
      if (lastAttempt) return this.end(run, 'failed', `The import stopped after its last attempt: ${(error as Error).message}`);
      throw error;
    }
    await this.end(run, 'finished', null);
  }

  private async end(run: RunRow, status: 'finished' | 'failed', error: string | null): Promise<void> {
    await this.repo.end(run.workspace_id, run.id, status, error);
    this.metrics.finished.inc({ format: run.format, status });
    this.logger.info('import ended', { importId: run.id, workspaceId: run.workspace_id, format: run.format, status, error });
  }

  /** The file, a chunk at a time (one in memory). */
  private async *file(workspaceId: string, runId: string): AsyncGenerator<Buffer> {
    for (let seq = 0; ; seq++) {
      const chunk = await this.repo.chunk(workspaceId, runId, seq);
      if (chunk === undefined) return;
      yield chunk;
    }
  }

  private async batch(run: RunRow, records: readonly SourceRecord[], counters: Counters, kept: { count: number }): Promise<void> {
    const before = { ...counters };
    const failures: ImportFailure[] = [];
    const fail = (row: number, reason: string) => {
      counters.rows_failed++;
      if (kept.count < MAX_STORED_FAILURES) {
        failures.push({ row, reason });
        kept.count++;
      }
    };
    const reader = READERS[run.format];
    const rows: { row: number; link: ImportedLink }[] = [];
    for (const record of records) {
      if ('problem' in record) fail(record.row, record.problem);
      else {
        const link = rowLink(record.fields, reader);
        if (typeof link === 'string') fail(record.row, link);
        else rows.push({ row: record.row, link });
      }
    }
    let stop: string | undefined;
    let renames: { row: number; link: ImportedLink }[] = [];
    const outcomes = await this.links.importLinks(
      run.workspace_id,
      rows.map((r) => r.link),
    );
    outcomes.forEach((outcome, i) => {
      const { row, link } = rows[i];
      if (outcome.outcome === 'created') counters.rows_created++;
      else if (outcome.outcome === 'exists') counters.rows_skipped++;
      else if (outcome.outcome !== 'taken') fail(row, outcome.reason);
      else if (run.on_conflict === 'skip') counters.rows_skipped++;
      else if (run.on_conflict === 'rename') renames.push({ row, link });
      else {
        const reason = `slug "${link.slug}" is taken by another link`;
        fail(row, reason);
        stop ??= `Row ${row}: ${reason}; the import stopped there (onConflict=fail)`;
      }
    });
    // Renamed links are found again by their new slug on a re-run: `<slug>-n` with the same target exists.
    for (let n = 2; n <= RENAME_TRIES && renames.length > 0; n++) {
      const tries = renames.map((r) => ({ ...r.link, slug: `${r.link.slug!.slice(0, 61)}-${n}` }));
      const again: typeof renames = [];
      (await this.links.importLinks(run.workspace_id, tries)).forEach((outcome, i) => {
        if (outcome.outcome === 'created') counters.rows_created++;
        else if (outcome.outcome === 'exists') counters.rows_skipped++;
        else if (outcome.outcome === 'taken') again.push(renames[i]);
        else fail(renames[i].row, outcome.reason);
      });
      renames = again;
    }
    for (const { row, link } of renames) fail(row, `slug "${link.slug}" is taken, and so are "${link.slug}-2" to "${link.slug}-${RENAME_TRIES}"`);
    counters.rows_read = records[records.length - 1].row;
    await this.repo.progress(run.workspace_id, run.id, counters, failures);
    this.metrics.rows.inc({ outcome: 'created' }, counters.rows_created - before.rows_created);
    this.metrics.rows.inc({ outcome: 'skipped' }, counters.rows_skipped - before.rows_skipped);
    this.metrics.rows.inc({ outcome: 'failed' }, counters.rows_failed - before.rows_failed);
    if (stop !== undefined) throw new ConflictStop(stop);
  }
}

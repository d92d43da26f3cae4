import type { Migration } from '../../src/shared/db/migrations';

/**
 * Import runs: a file from another link platform's export, stored in chunks
 * as it is uploaded (so any worker process can read it, and no process holds
 * it whole), then read by the imports.run job, which counts what became of
 * each row. The file's chunks are deleted once the run ended; the run and its
 * first failures stay.
 */
export const imports: Migration = {
  name: '001_imports',
  async up(knex) {
    await knex.raw(`
      create table imports.runs (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null,
        format text not null,
        on_conflict text not null check (on_conflict in ('skip', 'rename', 'fail')),
        -- The CSV columns each field is read from (format csv); null for the format's own.
        mapping jsonb,
        -- receiving: the upload is arriving; queued: the job is waiting; running; then finished or failed.
        status text not null default 'receiving' check (status in ('receiving', 'queued', 'running', 'finished', 'failed')),
        media text not null check (media in ('csv', 'json')),
        bytes bigint not null default 0,
        sha256 text,
        -- rows_read is also where a retried job resumes.
        rows_read integer not null default 0,
        rows_created integer not null default 0,
        rows_skipped integer not null default 0,
        rows_failed integer not null default 0,
        -- Why a run failed as a whole (a file that cannot be read, a conflict with onConflict=fail).
        error text,
        created_at timestamptz not null default date_trunc('milliseconds', now()),
        started_at timestamptz,
        finished_at timestamptz
      );
      create index runs_workspace_page_idx on imports.runs (workspace_id, created_at desc, id desc);

      -- The first failures of a run (at most 1000; the run counts them all).
      create table imports.failures (
        run_id uuid not null references imports.runs on delete cascade,
        workspace_id uuid not null,
        row_number integer not null,
        reason text not null,
        primary key (run_id, row_number)
      );

      -- The uploaded file, in order, in pieces of up to 1 MiB.
      create table imports.file_chunks (
        run_id uuid not null references imports.runs on delete cascade,
        workspace_id uuid not null,
        seq integer not null,
        data bytea not null,
        primary key (run_id, seq)
      );
    `);
  },
  async down(knex) {
    await knex.raw('drop table imports.file_chunks; drop table imports.failures; drop table imports.runs;');
  },
};

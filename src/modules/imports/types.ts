/** The formats an import reads: Shortline's own export, a CSV with a column mapping, and the exports of the platforms people leave. */
export const FORMATS = ['shortline', 'csv', 'shlink', 'yourls', 'kutt', 'bitly'] as const;
export type Format = (typeof FORMATS)[number];

/** What happens to a row whose slug another target holds: skipped, created under `<slug>-2` (…`-9`), or the run stops. */
export const CONFLICT_POLICIES = ['skip', 'rename', 'fail'] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

/** The fields a row can give a link; `url` is the only one required. */
export const FIELDS = ['url', 'slug', 'domain', 'title', 'tags', 'expiresAt', 'clicks'] as const;
export type Field = (typeof FIELDS)[number];

/** For format `csv`: the file's column each field is read from. */
export type Mapping = Partial<Record<Field, string>>;

export type Media = 'csv' | 'json';

export type RunStatus = 'receiving' | 'queued' | 'running' | 'finished' | 'failed';

/** At most this many failures are kept per run (each with its row and reason); the run counts all of them. */
export const MAX_STORED_FAILURES = 1000;

export interface ImportFailure {
  row: number;
  reason: string;
}

/** An import run as the API shows it. */
export interface ImportRun {
  id: string;
  format: Format;
  onConflict: ConflictPolicy;
  mapping: Mapping | null;
  status: RunStatus;
  bytes: number;
  sha256: string | null;
  rows: { read: number; created: number; skipped: number; failed: number };
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ImportRunWithFailures extends ImportRun {
  failures: ImportFailure[];
  /** Failures counted but not kept (past MAX_STORED_FAILURES). */
  failuresOmitted: number;
}

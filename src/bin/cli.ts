import { randomBytes } from 'node:crypto';
import { createShortline, type Shortline } from '../app/shortline';
import type { Role } from '../modules/identity';
import { loadConfig, type ShortlineConfig } from '../app/config';
import { dumpDatabase, findPgTool, restoreDatabase, serverMajor } from '../shared/db/pg-tools';
import { backUpCluster, restoreCluster } from '../shared/db/base-backup';
import path from 'node:path';
import { MAIN_SHARD, ConfigError } from '../shared/config';
import { openDatabaseServer } from '../shared/db/server';
import { listFailedJobs, retryFailedJobs } from '../shared/jobs';
import { isUuid } from '../shared/http/validate';
import { createLogger } from '../shared/logging';
import { exportWorkspace, importWorkspace } from '../app/portable/workspace-file';

/**
 * Operator commands: `npm run cli -- <command> [args]` (or `node dist/src/bin/cli.js`
 * in a production build). Uses DATABASE_URL, or the embedded database under
 * DATA_DIR — the running one if `npm run dev` has it up.
 */
interface CommandContext {
  databaseUrl: string;
  config: ShortlineConfig;
}

const commands: Record<string, { usage: string; run(shortline: Shortline, args: string[], context: CommandContext): Promise<void> }> = {
  migrate: {
    usage: 'migrate                  apply pending migrations of every enabled module',
    async run(shortline) {
      const applied = await shortline.migrate();
      console.log(applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'Already up to date.');
    },
  },
  'workspace:create': {
    usage: 'workspace:create <name>  create a workspace and print its bootstrap API key (shown once)',
    async run(shortline, args) {
      const name = args.join(' ').trim();
      if (name === '' || name.length > 100) throw new UsageError('workspace:create needs a name of 1 to 100 characters');
      const identity = shortline.apis.find('identity');
      if (!identity) throw new UsageError('workspace:create needs the identity module (check MODULES)');
      await shortline.migrate();
      const { workspace, apiKey } = await identity.createWorkspace(name);
      console.log(`Workspace: ${workspace.name} (${workspace.id})`);
      console.log(`API key:   ${apiKey.key}`);
      console.log(`Scopes:    ${apiKey.scopes.join(' ')}`);
      console.log('The key is shown only now; store it somewhere safe.');
    },
  },
  'user:create': {
    usage:
      'user:create --email <email> [--name <name>] [--owner-of <workspace id>] [--role owner|admin|member|viewer]  create an account and print its password (shown once)',
    async run(shortline, args) {
      const flags = parseFlags(args, ['email', 'name', 'owner-of', 'role']);
      const email = flags.email;
      const workspaceId = flags['owner-of'];
      const role = (flags.role ?? 'owner') as Role;
      if (!email || (workspaceId !== undefined && !isUuid(workspaceId)) || !ROLE_NAMES.includes(role)) {
        throw new UsageError('user:create needs --email, optionally --name, --owner-of <workspace id> and --role owner|admin|member|viewer');
      }
      const identity = shortline.apis.find('identity');
      if (!identity) throw new UsageError('user:create needs the identity module (check MODULES)');
      await shortline.migrate();
      if (workspaceId !== undefined && !(await identity.findWorkspace(workspaceId))) throw new Error(`No workspace has the id ${workspaceId}`);
      const password = newPassword();
      const user = await identity.createUser({ email, name: flags.name ?? email.split('@')[0], password, workspaceId, role });
      console.log(`User:     ${user.name} <${user.email}> (${user.id})`);
      if (workspaceId !== undefined) console.log(`Role:     ${role} of workspace ${workspaceId}`);
      console.log(`Password: ${password}`);
      console.log('The password is shown only now: sign in at /app and change it under Account.');
    },
  },
  'user:password': {
    usage: 'user:password --email <email>  set a new password for an account and print it (shown once); its sessions end',
    async run(shortline, args) {
      const { email } = parseFlags(args, ['email']);
      if (!email) throw new UsageError('user:password needs --email');
      const identity = shortline.apis.find('identity');
      if (!identity) throw new UsageError('user:password needs the identity module (check MODULES)');
      await shortline.migrate();
      const password = newPassword();
      const user = await identity.setPassword(email, password);
      console.log(`User:     ${user.name} <${user.email}>`);
      console.log(`Password: ${password}`);
    },
  },
  'links:limit': {
    usage: "links:limit <workspace id> <n|default>  set a workspace's maximum number of links",
    async run(shortline, args) {
      const [workspaceId, value] = args;
      const limit = value === 'default' ? null : Number(value);
      if (!workspaceId || !isUuid(workspaceId) || (limit !== null && !(Number.isInteger(limit) && limit > 0 && limit <= 2_147_483_647))) {
        throw new UsageError('links:limit needs a workspace id and a positive whole number or "default"');
      }
      const identity = shortline.apis.find('identity');
      if (!identity || !shortline.apis.find('links')) throw new UsageError('links:limit needs the identity and links modules (check MODULES)');
      await shortline.migrate();
      if (!(await identity.findWorkspace(workspaceId))) throw new Error(`No workspace has the id ${workspaceId}`);
      await (await shortline.apisOf(workspaceId)).get('links').setWorkspaceLimit(workspaceId, limit);
      console.log(limit === null ? 'Limit reset to LINKS_MAX_PER_WORKSPACE.' : `Limit set to ${limit} links.`);
    },
  },
  'workspace:move': {
    usage: "workspace:move <workspace id> <shard> [--grace-ms N]  move a workspace's data to another shard (SHARDS); its writes pause meanwhile",
    async run(shortline, args) {
      const [workspaceId, shard, flag, value] = args;
      const graceMs = flag === undefined ? undefined : Number(value);
      const validGrace = flag === undefined || (flag === '--grace-ms' && Number.isInteger(graceMs) && graceMs! >= 0 && graceMs! <= 600_000);
      if (!workspaceId || !isUuid(workspaceId) || !shard || args.length > 4 || !validGrace) {
        throw new UsageError('workspace:move needs a workspace id and a shard name ("main" or one of SHARDS), optionally --grace-ms <0..600000>');
      }
      await shortline.migrate();
      const report = await shortline.moveWorkspace(workspaceId, shard, { graceMs });
      console.log(`Moved workspace ${report.workspaceId} from "${report.from}" to "${report.to}".`);
      console.log(`Writes paused ${report.pausedMs} ms (copy ${report.copyMs} ms). Rows copied:`);
      for (const [table, n] of Object.entries(report.rows)) if (n > 0) console.log(`  ${table}: ${n}`);
      if (Object.keys(report.notCarried).length > 0) {
        console.log('Written to the old shard after the copy, and not carried over:');
        for (const [table, n] of Object.entries(report.notCarried)) console.log(`  ${table}: ${n}`);
      }
    },
  },
  'workspace:export': {
    usage: 'workspace:export <workspace id> <file>  write a workspace to a file (NDJSON; gzip if it ends in .gz) for workspace:import elsewhere',
    async run(shortline, args) {
      const [workspaceId, file] = args;
      if (!workspaceId || !isUuid(workspaceId) || !file || args.length > 2)
        throw new UsageError('workspace:export needs a workspace id and a file name');
      await shortline.migrate();
      const cell =
        shortline.cells.get((await shortline.apis.get('identity').placementOf(workspaceId))?.shard ?? MAIN_SHARD) ?? shortline.cells.get(MAIN_SHARD)!;
      const rows = await exportWorkspace(cell, workspaceId, file);
      console.log(`Exported workspace ${workspaceId} to ${file}. Rows:`);
      for (const [table, n] of Object.entries(rows)) if (n > 0) console.log(`  ${table}: ${n}`);
    },
  },
  'workspace:import': {
    usage: 'workspace:import <file>   read a workspace file made by workspace:export (the workspace must not exist here)',
    async run(shortline, args) {
      const [file] = args;
      if (!file || args.length > 1) throw new UsageError('workspace:import needs a file name');
      await shortline.migrate();
      const report = await importWorkspace(shortline.cells.get(MAIN_SHARD)!, file, { sharded: shortline.cells.size > 1 });
      console.log(`Imported workspace ${report.workspaceId}. Rows:`);
      for (const [table, n] of Object.entries(report.rows)) if (n > 0) console.log(`  ${table}: ${n}`);
      for (const note of report.notes) console.log(note);
      console.log(`Its API keys and members stay behind: npm run cli -- user:create --email <email> --owner-of ${report.workspaceId}`);
    },
  },
  backup: {
    usage:
      'backup <file|directory>  back up the whole database (every module, the job queue): with DATABASE_URL a pg_dump -Fc file, else a base backup of the embedded cluster into a new directory (docs/backup.md)',
    async run(shortline, args, { databaseUrl, config }) {
      const [file] = args;
      if (!file || args.length > 1) throw new UsageError('backup needs a file name (a directory for the embedded database)');
      if (shortline.cells.size > 1) throw new Error('backup dumps one database: with SHARDS, back up each with pg_dump (docs/backup.md)');
      if (config.db.url === undefined) {
        await backUpCluster(databaseUrl, embeddedCluster(config), file);
        console.log(`Backed up the embedded database to ${file} (a base backup). Restore it with: npm run cli -- restore ${file}`);
        return;
      }
      const tool = await findPgTool('pg_dump', await serverMajor(shortline.db.platform), config.pgBinDir);
      await dumpDatabase(tool, databaseUrl, file);
      console.log(`Backed up the database to ${file} (${tool.path}, PostgreSQL ${tool.major}).`);
    },
  },
  restore: {
    usage:
      'restore <file|directory> restore a backup into the database, which must be empty (a new one), with pg_restore; without DATABASE_URL, a base backup becomes the embedded database of a new DATA_DIR',
    async run(shortline, args, { databaseUrl, config }) {
      const [file] = args;
      if (!file || args.length > 1) throw new UsageError('restore needs a file name');
      if (shortline.cells.size > 1) throw new Error('restore writes one database: with SHARDS, restore each with pg_restore (docs/backup.md)');
      const { rows } = await shortline.db.platform.raw<{ rows: { n: number }[] }>(
        "select count(*)::int as n from pg_namespace where nspname in ('identity', 'links', 'graphile_worker')",
      );
      if (rows[0].n > 0)
        throw new Error('restore needs an empty database (this one holds Shortline data): create a new one, point DATABASE_URL at it');
      const tool = await findPgTool('pg_restore', await serverMajor(shortline.db.platform), config.pgBinDir);
      await restoreDatabase(tool, databaseUrl, file);
      console.log(`Restored ${file}. Start Shortline on this database: pending jobs run, migrations newer than the backup apply.`);
    },
  },
  shards: {
    usage: 'shards                   list the databases (main and SHARDS) and how many workspaces each holds',
    async run(shortline) {
      await shortline.migrate();
      const counts = await shortline.apis.get('identity').countByShard();
      for (const shard of shortline.cells.keys()) console.log(`${shard}  ${counts.get(shard) ?? 0} workspace(s)`);
    },
  },
  'jobs:failed': {
    usage: 'jobs:failed              list jobs that failed permanently (newest first, up to 100; with SHARDS, per shard)',
    async run(shortline) {
      let any = false;
      for (const [shard, cell] of shortline.cells) {
        for (const job of await listFailedJobs(cell.db.platform)) {
          any = true;
          const id = shortline.cells.size > 1 ? `${shard}:${job.id}` : job.id;
          console.log(`${id}  ${job.task}  attempts=${job.attempts}  ${job.updatedAt.toISOString()}  ${job.lastError ?? ''}`);
        }
      }
      if (!any) console.log('No failed jobs.');
    },
  },
  'jobs:retry': {
    usage: 'jobs:retry <id> [id ...]  run failed jobs again, with a fresh set of attempts (ids as jobs:failed prints them)',
    async run(shortline, args) {
      if (args.length === 0 || !args.every((id) => /^([a-z][a-z0-9_]*:)?\d+$/.test(id))) {
        throw new UsageError('jobs:retry needs one or more job ids (numbers, with SHARDS "<shard>:<number>", from jobs:failed)');
      }
      const retried: string[] = [];
      for (const [shard, cell] of shortline.cells) {
        const mine = args.filter((id) => (id.includes(':') ? id.startsWith(`${shard}:`) : shard === MAIN_SHARD));
        const numbers = mine.map((id) => id.slice(id.indexOf(':') + 1));
        if (numbers.length > 0) retried.push(...(await retryFailedJobs(cell.db.platform, numbers)).map((n) => mine[numbers.indexOf(n)]));
      }
      const missing = args.filter((id) => !retried.includes(id));
      if (retried.length > 0) console.log(`Retrying: ${retried.join(', ')}`);
      if (missing.length > 0) throw new Error(`Not failed jobs (unknown, or still being retried): ${missing.join(', ')}`);
    },
  },
};

class UsageError extends Error {}

const ROLE_NAMES: readonly string[] = ['owner', 'admin', 'member', 'viewer'];

/** `--name value` pairs; an unknown flag or one without a value is a usage error. */
function parseFlags<K extends string>(args: string[], known: readonly K[]): Partial<Record<K, string>> {
  const flags: Partial<Record<K, string>> = {};
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i].replace(/^--/, '') as K;
    if (!args[i].startsWith('--') || !known.includes(name) || args[i + 1] === undefined) {
      throw new UsageError(`Unknown or incomplete option "${args[i]}"; expected ${known.map((k) => `--${k} <value>`).join(', ')}`);
    }
    flags[name] = args[i + 1];
  }
  return flags;
}

/** 20 random characters from a 64-letter alphabet: 120 bits, and typeable. */
function newPassword(): string {
  return randomBytes(15).toString('base64url');
}

/** The embedded cluster's directory under DATA_DIR, as openDatabaseServer starts it. */
function embeddedCluster(config: ShortlineConfig): string {
  return path.join(config.embedded.dataDir, 'postgres');
}

async function restoreEmbedded(args: string[], config: ShortlineConfig): Promise<number> {
  const [source] = args;
  if (!source || args.length > 1) {
    console.error(`restore needs the directory of a base backup\n\n${usage()}`);
    return 2;
  }
  try {
    await restoreCluster(source, embeddedCluster(config));
  } catch (error) {
    console.error(`Failed: ${(error as Error).message}`);
    return 1;
  }
  console.log(`Restored ${source} into ${config.embedded.dataDir}. Start Shortline with this DATA_DIR: the database recovers, pending jobs run.`);
  return 0;
}

function usage(): string {
  return ['Usage: npm run cli -- <command> [args]', '', 'Commands:', ...Object.values(commands).map((c) => `  ${c.usage}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : commands[name];
  if (!command) {
    console.error(name === undefined || name === 'help' ? usage() : `Unknown command "${name}".\n\n${usage()}`);
    return name === 'help' ? 0 : 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const logger = createLogger({ ...config.log, level: config.log.level === 'info' ? 'warn' : config.log.level });
  // A base backup becomes the embedded cluster before any server runs on it.
  if (name === 'restore' && config.db.url === undefined) return restoreEmbedded(args, config);
  const database = await openDatabaseServer(config, logger);
  const shortline = createShortline({ config, logger, databaseUrl: database.url });
  try {
    await command.run(shortline, args, { databaseUrl: database.url, config });
    return 0;
  } catch (error) {
    console.error(error instanceof UsageError ? `${error.message}\n\n${usage()}` : `Failed: ${(error as Error).message}`);
    return error instanceof UsageError ? 2 : 1;
  } finally {
    await shortline.stop();
    await database.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

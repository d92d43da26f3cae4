import type { Knex } from 'knex';
import { createInbox } from '../events/inbox';

/**
 * Migrations are owned per module: each module has a Postgres schema named after
 * it, its own ordered list of migrations (under `migrations/<module>/`), and its own
 * bookkeeping table `<module>.knex_migrations`. A module can therefore be migrated,
 * moved to another database or extracted without touching anyone else's history.
 */
export interface Migration {
  /** Unique within the module and sortable: applied in list order. */
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

export interface MigratableModule {
  /** Also the module's Postgres schema. */
  name: string;
  migrations: readonly Migration[];
  /** Whether the module subscribes to events and so needs its `event_inbox` (see src/shared/events). */
  inbox?: boolean;
}

export class MigrationError extends Error {
  constructor(
    readonly moduleName: string,
    cause: unknown,
  ) {
    super(`Migration of module "${moduleName}" failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'MigrationError';
  }
}

function migratorConfig(module: MigratableModule): Knex.MigratorConfig {
  return {
    schemaName: module.name,
    tableName: 'knex_migrations',
    migrationSource: {
      getMigrations: async () => [...module.migrations],
      getMigrationName: (migration: Migration) => migration.name,
      getMigration: async (migration: Migration) => migration,
    },
  };
}

/** Applies every pending migration of every given module; returns the names applied. */
export async function migrateModules(knex: Knex, modules: readonly MigratableModule[]): Promise<string[]> {
  const applied: string[] = [];
  for (const module of modules) {
    try {
      // Two processes may start at once; the advisory lock keeps schema creation from racing.
      await knex.transaction(async (trx) => {
        await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`shortline:schema:${module.name}`]);
        await trx.raw('create schema if not exists ??', [module.name]);
      });
      const [, names] = (await knex.migrate.latest(migratorConfig(module))) as [number, string[]];
      applied.push(...names.map((name) => `${module.name}/${name}`));
      if (module.inbox) await createInbox(knex, module.name);
    } catch (error) {
      throw new MigrationError(module.name, error);
    }
  }
  return applied;
}

/** Names of migrations this code knows about that the database has not applied yet. */
export async function pendingMigrations(knex: Knex, modules: readonly MigratableModule[]): Promise<string[]> {
  const pending: string[] = [];
  for (const module of modules) {
    const [, notRun] = (await knex.migrate.list(migratorConfig(module))) as [unknown[], Migration[]];
    pending.push(...notRun.map((m) => `${module.name}/${m.name}`));
  }
  return pending;
}

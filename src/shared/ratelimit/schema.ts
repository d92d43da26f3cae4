import type { Knex } from 'knex';
import type { MigratableModule } from '../db/migrations';

/** Where the postgres store counts (rate-limiter-flexible's RateLimiterPostgres, told the table exists). */
export const RATE_LIMIT_TABLE = { schema: 'platform', name: 'rate_limits' } as const;

/**
 * The platform's own tables, in the Postgres schema `platform`, migrated like
 * a module's (src/shared/db/migrations.ts) and on the main database only:
 * they serve the whole deployment, not a shard's workspaces.
 */
export const platformSchema: MigratableModule = {
  name: RATE_LIMIT_TABLE.schema,
  migrations: [
    {
      name: '001_rate_limits',
      // The columns RateLimiterPostgres reads and writes: `key` is `<limit>:<key>`, `expire` ms since the epoch.
      // Unlogged: a count is worth no WAL write; after a crash the limits start afresh, which is harmless.
      async up(knex: Knex) {
        await knex.raw(`create unlogged table platform.rate_limits (
          key varchar(255) primary key,
          points integer not null default 0,
          expire bigint
        )`);
        // For the library's sweep of expired rows, every 5 minutes.
        await knex.raw('create index rate_limits_expire on platform.rate_limits (expire)');
      },
      async down(knex: Knex) {
        await knex.raw('drop table platform.rate_limits');
      },
    },
  ],
};

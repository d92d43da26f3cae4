import { randomBytes } from 'node:crypto';
import knex from 'knex';
import { withDatabase } from './global-setup';

/**
 * A fresh, fully migrated database for one test file, cloned from the template
 * that global-setup migrated. `drop` removes it (the throwaway cluster would go
 * anyway; a TEST_DATABASE_URL server should not fill up).
 */
export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = requireEnv('SHORTLINE_TEST_ADMIN_URL');
  const template = requireEnv('SHORTLINE_TEST_TEMPLATE');
  const name = `shortline_test_${randomBytes(6).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  try {
    if (options.migrated === false) await admin.raw('create database ??', [name]);
    else await admin.raw('create database ?? template ??', [name, template]);
  } finally {
    await admin.destroy();
  }
  return {
    url: withDatabase(adminUrl, name),
    name,
    drop: async () => {
      const again = knex({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
      try {
        await again.raw('drop database if exists ?? with (force)', [name]);
      } finally {
        await again.destroy();
      }
    },
  };
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with npm test (jest's global setup provides it)`);
  return value;
}

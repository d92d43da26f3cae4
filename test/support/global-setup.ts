import { chmodSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex from 'knex';
import { registry } from '../../src/app/registry';
import { migrateModules } from '../../src/shared/db/migrations';
import { migratableModule } from '../../src/shared/module';
import { migrateJobs } from '../../src/shared/jobs';
import { freePort, startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/shared/db/embedded';
import { createLogger } from '../../src/shared/logging';
import { platformSchema } from '../../src/shared/ratelimit';

/**
 * Runs once per `npm test`: starts a throwaway PostgreSQL (or uses
 * TEST_DATABASE_URL), migrates a template database, and tells the test workers
 * where it is. Each test file then clones the template (test/support/database.ts),
 * which takes milliseconds instead of re-running migrations.
 */
export default async function globalSetup(): Promise<void> {
  // Already done in this run: the projects that need a database (integration, e2e) share one.
  if (process.env.SHORTLINE_TEST_ADMIN_URL) return;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'shortline-test-'));
    // The server may run as the unprivileged "postgres" user (see embedded.ts); let it in.
    chmodSync(scratch, 0o755);
    const dataDir = path.join(scratch, 'postgres');
    const embedded = await startEmbeddedDatabase({
      dataDir,
      port: await freePort(),
      persistent: false,
      logger: createLogger({ level: 'silent', format: 'json' }),
    });
    Object.assign(globalThis, { __SHORTLINE_EMBEDDED__: { embedded, scratch } satisfies EmbeddedTestServer });
    adminUrl = embedded.adminUrl;
  }

  const template = `shortline_template_${process.pid}`;
  const admin = knex({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  try {
    await admin.raw('drop database if exists ?? with (force)', [template]);
    await admin.raw('create database ??', [template]);
  } finally {
    await admin.destroy();
  }
  await migrateJobs(withDatabase(adminUrl, template), createLogger({ level: 'silent', format: 'json' }));
  const templateDb = knex({ client: 'pg', connection: withDatabase(adminUrl, template), pool: { min: 0, max: 1 } });
  try {
    await migrateModules(templateDb, [platformSchema, ...registry.map((definition) => migratableModule(definition))]);
  } finally {
    await templateDb.destroy();
  }
  process.env.SHORTLINE_TEST_ADMIN_URL = adminUrl;
  process.env.SHORTLINE_TEST_TEMPLATE = template;
}

/** What global-teardown needs to stop and remove the throwaway server. */
export interface EmbeddedTestServer {
  embedded: EmbeddedDatabase;
  scratch: string;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

import { rmSync } from 'node:fs';
import knex from 'knex';
import type { EmbeddedTestServer } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  // Each project that set up a database tears down; the first one does the work (they share one).
  if (!process.env.SHORTLINE_TEST_ADMIN_URL) return;
  const server = (globalThis as { __SHORTLINE_EMBEDDED__?: EmbeddedTestServer }).__SHORTLINE_EMBEDDED__;
  if (server) {
    await server.embedded.stop();
    rmSync(server.scratch, { recursive: true, force: true });
    delete process.env.SHORTLINE_TEST_ADMIN_URL;
    return;
  }
  // A shared server (TEST_DATABASE_URL): leave it as we found it.
  const admin = knex({ client: 'pg', connection: process.env.SHORTLINE_TEST_ADMIN_URL, pool: { min: 0, max: 1 } });
  try {
    await admin.raw('drop database if exists ?? with (force)', [process.env.SHORTLINE_TEST_TEMPLATE ?? '']);
  } finally {
    await admin.destroy();
  }
  delete process.env.SHORTLINE_TEST_ADMIN_URL;
}

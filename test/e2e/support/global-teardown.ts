import { rmSync } from 'node:fs';
import path from 'node:path';
import databaseTeardown from '../../support/global-teardown';

export default async function e2eTeardown(): Promise<void> {
  const directory = process.env.SHORTLINE_TEST_DASHBOARD_DIR;
  if (directory) rmSync(path.dirname(directory), { recursive: true, force: true });
  await databaseTeardown();
}

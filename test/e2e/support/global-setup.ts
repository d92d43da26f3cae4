import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildWeb } from '../../../scripts/web/build';
import databaseSetup from '../../support/global-setup';
import { requireChromium } from './browser';

/**
 * Once per run of the e2e project: Chromium must be there (a clear failure
 * otherwise, never a skip), the database is set up as for the integration
 * tests (shared with them in one run), and the dashboard is built once into
 * a scratch directory every e2e file's server serves.
 */
export default async function e2eSetup(): Promise<void> {
  requireChromium();
  await databaseSetup();
  const directory = path.join(mkdtempSync(path.join(os.tmpdir(), 'shortline-e2e-')), 'web');
  await buildWeb({ outDir: directory });
  process.env.SHORTLINE_TEST_DASHBOARD_DIR = directory;
}

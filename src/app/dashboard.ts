import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The web dashboard (web/, docs/dashboard.md): a client of the public API
 * like any other, served by the platform's web-app handler under /app from
 * the build `npm run build` writes (scripts/web/build.ts).
 */
export const DASHBOARD_BASE = '/app';

/** dist/web at the project's root: the nearest package.json above this file, whether it runs from src/app or dist/src/app. */
export function defaultDashboardDirectory(): string {
  let directory = __dirname;
  while (!existsSync(path.join(directory, 'package.json')) && path.dirname(directory) !== directory) directory = path.dirname(directory);
  return path.join(directory, 'dist', 'web');
}

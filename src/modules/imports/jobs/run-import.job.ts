import { z } from 'zod';
import { defineTask } from '../../../shared/jobs';
import type { ImportRunner } from '../import-runner';

/** Attempts of one run's job (graphile-worker backs off between them); the last one's error fails the run. */
export const RUN_ATTEMPTS = 5;

/** Runs one import: queued once its upload arrived whole, in the workspace's own queue, so a workspace's imports run one at a time. */
export function runImportTask(runner: ImportRunner) {
  return defineTask({
    name: 'imports.run',
    payload: z.object({ workspaceId: z.uuid(), importId: z.uuid() }),
    run: ({ workspaceId, importId }, job) => runner.run(workspaceId, importId, job.attempts >= RUN_ATTEMPTS),
  });
}

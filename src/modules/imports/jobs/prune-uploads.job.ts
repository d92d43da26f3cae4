import { z } from 'zod';
import { defineTask } from '../../../shared/jobs';
import type { Logger } from '../../../shared/logging';
import type { RunsRepository } from '../data/runs-repository';

/** An upload not whole after this long never will be: its client went away, or the process receiving it stopped. */
const ABANDONED_AFTER_MS = 86_400_000;

/** Hourly: deletes the runs (and their pieces of file) whose upload never arrived whole. */
export function pruneUploadsTask(repo: RunsRepository, logger: Logger) {
  return defineTask({
    name: 'imports.prune-uploads',
    payload: z.object({}),
    schedule: '17 * * * *',
    async run() {
      const removed = await repo.pruneAbandoned(new Date(Date.now() - ABANDONED_AFTER_MS));
      if (removed > 0) logger.info('pruned abandoned import uploads', { removed });
    },
  });
}

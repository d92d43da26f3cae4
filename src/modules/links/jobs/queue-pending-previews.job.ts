import { z } from 'zod';
import { defineTask, enqueueAll, liveJobKeys, type TaskDefinition } from '../../../shared/jobs';
import type { Logger } from '../../../shared/logging';
import type { LinksRepository, PreviewPair } from '../data/links-repository';
import { previewJobKey, previewJobs, type FetchPreviewTask } from './fetch-preview.job';

/** (workspace, host) pairs the sweep reads per run; the next run goes on after the last one. */
const SWEEP_LIMIT = 1000;

/** `links.queue-pending-previews`: the minute's sweep (see PreviewScheduler). */
export function queuePendingPreviewsTask(repo: LinksRepository, fetchTask: FetchPreviewTask, logger: Logger): TaskDefinition {
  // Where the last run stopped reading, so a long list is read a page a minute, round and round.
  let after: PreviewPair | undefined;
  return defineTask({
    name: 'links.queue-pending-previews',
    payload: z.object({}),
    schedule: '* * * * *',
    async run() {
      const page = await repo.pendingPreviewHosts(SWEEP_LIMIT, after);
      after = page.length === SWEEP_LIMIT ? page[page.length - 1] : undefined;
      const pairs = page.map((row) => ({ workspaceId: row.workspace_id, host: row.preview_host }));
      const live = await liveJobKeys(
        repo.db,
        pairs.map(({ workspaceId, host }) => previewJobKey(workspaceId, host)),
      );
      const orphans = pairs.filter(({ workspaceId, host }) => !live.has(previewJobKey(workspaceId, host)));
      // Key mode replace: it takes the key from a job that failed for good and queues a fresh one.
      await enqueueAll(repo.db, previewJobs(fetchTask, orphans));
      if (orphans.length > 0) logger.info('queued link preview fetches left without a job', { pairs: orphans.length });
    },
  });
}

import type { Knex } from 'knex';
import { Counter } from 'prom-client';
import { z } from 'zod';
import { defineTask, enqueue, enqueueAll, type EnqueueOptions, type TaskDefinition } from '../../shared/jobs';
import type { Logger } from '../../shared/logging';
import type { Metrics } from '../../shared/metrics';
import { OutboundUnavailable, type OutboundClient } from '../../shared/outbound';
import { fetchPreview, type PreviewOutcome } from './preview-fetcher';
import type { LinksRepository } from './repository';
import type { LinkPreview } from './types';

export const FETCH_PREVIEW = 'links.fetch-preview';

/**
 * Attempts of one job. Only OutboundUnavailable (circuit open, bulkhead full)
 * is retried, with graphile-worker's backoff (about 3 s, 7 s, 20 s, 55 s); the
 * last attempt records `failed` instead, so no link stays pending for good.
 */
export const PREVIEW_MAX_ATTEMPTS = 5;

/** Lower runs first: rollups and event deliveries go ahead of a bulk import's previews. */
const PREVIEW_PRIORITY = 10;

/** What a link shows from the write that asked for a preview until the job stored one. */
export const PENDING_PREVIEW: LinkPreview = { status: 'pending', title: null, description: null, image: null, error: null, fetchedAt: null };

const payload = z.object({ workspaceId: z.uuid(), linkId: z.uuid(), url: z.string() });

export type FetchPreviewTask = TaskDefinition<typeof payload>;

export interface PreviewTaskOptions {
  repo: LinksRepository;
  outbound: OutboundClient;
  /** LINK_PREVIEWS of the process running the job: off, it calls nothing out. */
  enabled: boolean;
  timeoutMs: number;
  logger: Logger;
  metrics: Metrics;
}

/**
 * `links.fetch-preview`: reads a link's target page (preview-fetcher.ts) and
 * stores what it found, or why it found nothing, on the link. It does not
 * throw for a page that cannot be read (a retry would not change that), only
 * for "not now" (OutboundUnavailable, until the last attempt) and for database
 * errors. Storing moves neither `updatedAt` nor the redirect cache, and
 * publishes no event: the preview is not part of the link's redirect or of
 * its domain events.
 */
export function fetchPreviewTask(options: PreviewTaskOptions): FetchPreviewTask {
  const { repo, logger } = options;
  const stored = new Counter({
    name: 'shortline_link_previews_total',
    help: 'Link previews stored, by outcome (ok, failed, blocked)',
    labelNames: ['outcome'],
    registers: [options.metrics.registry],
  });
  return defineTask({
    name: FETCH_PREVIEW,
    payload,
    async run({ workspaceId, linkId, url }, job) {
      if (!options.enabled) {
        // Queued while previews were on: show no preview rather than "pending" for good.
        await repo.clearPendingPreview(workspaceId, linkId, url);
        return;
      }
      // Deleted since, or pointed elsewhere (the newer URL has a job of its own): nothing to fetch.
      if (!(await repo.pointsAt(workspaceId, linkId, url))) return;
      let outcome: PreviewOutcome;
      try {
        outcome = await fetchPreview(options.outbound, url, options.timeoutMs);
      } catch (error) {
        if (!(error instanceof OutboundUnavailable) || job.attempts < PREVIEW_MAX_ATTEMPTS) throw error;
        outcome = { status: 'failed', error: error.message, title: null, description: null, image: null };
      }
      const preview: LinkPreview = { ...outcome, fetchedAt: new Date().toISOString() };
      // Checked again in the write itself: an update during the fetch wins.
      if (await repo.storePreview(workspaceId, linkId, url, preview)) {
        stored.inc({ outcome: preview.status });
        logger.debug('link preview stored', { linkId, status: preview.status, error: preview.error });
      }
    },
  });
}

/**
 * Queues a preview fetch for each link, through `db`: pass the transaction
 * that writes the links, so a job exists if and only if its link does. The job
 * key makes a newer URL replace a fetch still waiting for the older one.
 */
export async function schedulePreviewFetches(
  db: Knex,
  task: FetchPreviewTask,
  links: readonly { workspaceId: string; id: string; url: string }[],
): Promise<void> {
  const jobs = links.map((link) => ({
    task,
    payload: { workspaceId: link.workspaceId, linkId: link.id, url: link.url },
    options: { jobKey: `${FETCH_PREVIEW}:${link.id}`, maxAttempts: PREVIEW_MAX_ATTEMPTS, priority: PREVIEW_PRIORITY } satisfies EnqueueOptions,
  }));
  if (jobs.length === 1) await enqueue(db, task, jobs[0].payload, jobs[0].options);
  else await enqueueAll(db, jobs);
}

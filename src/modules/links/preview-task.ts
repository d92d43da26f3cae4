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

/** Attempts of one job: only a database error fails it, and graphile-worker retries that. */
const PREVIEW_MAX_ATTEMPTS = 5;

/**
 * Times a fetch is put off because the outbound client said "not now" (the
 * host's circuit is open, or its calls are all in flight for webhooks),
 * waiting deferMs × 2^n each time; then `failed` is recorded, so no link
 * stays pending for good.
 */
const MAX_DEFERRALS = 5;

/** Lower runs first: rollups and event deliveries go ahead of a bulk import's previews. */
const PREVIEW_PRIORITY = 10;

/** What a link shows from the write that asked for a preview until the job stored one. */
export const PENDING_PREVIEW: LinkPreview = { status: 'pending', title: null, description: null, image: null, error: null, fetchedAt: null };

const payload = z.object({ workspaceId: z.uuid(), linkId: z.uuid(), url: z.string(), deferrals: z.number().int().min(0).optional() });

export type FetchPreviewTask = TaskDefinition<typeof payload>;

export interface PreviewTaskOptions {
  repo: LinksRepository;
  outbound: OutboundClient;
  /** LINK_PREVIEWS of the process running the job: off, it calls nothing out. */
  enabled: boolean;
  timeoutMs: number;
  /** The first wait after a "not now" (the outbound circuit's half-open delay). */
  deferMs: number;
  logger: Logger;
  metrics: Metrics;
}

/**
 * `links.fetch-preview`: reads a link's target page (preview-fetcher.ts) and
 * stores what it found, or why it found nothing, on the link. It does not
 * throw for a page that cannot be read (a retry would not change that); a
 * "not now" from the outbound client queues the fetch again for later instead
 * of failing the job (no failed job, no error log per link of a host that is
 * down); only database errors throw. Storing moves neither `updatedAt` nor the redirect cache, and
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
  const task: FetchPreviewTask = defineTask({
    name: FETCH_PREVIEW,
    payload,
    async run({ workspaceId, linkId, url, deferrals = 0 }) {
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
        if (!(error instanceof OutboundUnavailable)) throw error;
        if (deferrals < MAX_DEFERRALS) {
          const wait = options.deferMs * 2 ** deferrals * (1 + Math.random());
          await enqueue(repo.db, task, { workspaceId, linkId, url, deferrals: deferrals + 1 }, { ...jobOptions(linkId, url), runAt: new Date(Date.now() + wait) });
          return;
        }
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
  return task;
}

/**
 * One fetch queued per link (a newer URL replaces a waiting fetch), behind
 * rollups and event deliveries, in a named queue per target host: a host's
 * fetches run one at a time. A bulk import of many links to one site then
 * reads its pages one after another instead of several workers taking its
 * fetches at once, finding the host's outbound calls all in flight, and
 * putting most of them off (each put-off fetch being a job written again).
 */
function jobOptions(linkId: string, url: string): EnqueueOptions {
  return { jobKey: `${FETCH_PREVIEW}:${linkId}`, maxAttempts: PREVIEW_MAX_ATTEMPTS, priority: PREVIEW_PRIORITY, queueName: previewQueue(url) };
}

/** The named queue of a URL's host (host:port, lower case as URL parsing leaves it). */
function previewQueue(url: string): string {
  return `${FETCH_PREVIEW}:${new URL(url).host}`;
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
    options: jobOptions(link.id, link.url),
  }));
  if (jobs.length === 1) await enqueue(db, task, jobs[0].payload, jobs[0].options);
  else await enqueueAll(db, jobs);
}

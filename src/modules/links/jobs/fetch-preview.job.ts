import { createHash } from 'node:crypto';
import { Counter } from 'prom-client';
import { z } from 'zod';
import { defineTask, enqueue, type EnqueueOptions, type TaskDefinition } from '../../../shared/jobs';
import type { Logger } from '../../../shared/logging';
import type { Metrics } from '../../../shared/metrics';
import { OutboundUnavailable, type OutboundClient } from '../../../shared/outbound';
import { fetchPreview, type PreviewOutcome } from '../previews/preview-fetcher';
import type { LinksRepository } from '../data/links-repository';
import type { LinkPreview } from '../types';

export const FETCH_PREVIEW = 'links.fetch-preview';

/** Attempts of one job: only a database error fails it, and graphile-worker retries that. */
const PREVIEW_MAX_ATTEMPTS = 5;

/**
 * Times in a row a host's fetches are put off because its circuit is open,
 * waiting deferMs × 2^n each time (about half an hour in all with the
 * defaults); after that the links then pending for the host are recorded
 * `failed`, so no link stays pending for good while its host is down. A
 * fetch that succeeds, or a later write for the host, starts the count again.
 */
const MAX_DEFERRALS = 5;

/** The wait before trying again when the host's calls are all in flight with other callers. */
const BUSY_WAIT_MS = 1000;

/** Lower runs first: rollups and event deliveries go ahead of a bulk import's previews. */
const PREVIEW_PRIORITY = 10;

/** Named queues the (workspace, host) jobs are spread over; hosts sharing one take turns. */
const PREVIEW_QUEUES = 32;

/** Pending links read per query. */
const PAGE_SIZE = 50;
/** A run starts no fetch after this long; it queues itself again, so other hosts' jobs get a turn. */
const RUN_BUDGET_MS = 30_000;

/** What a link shows from the write that asked for a preview until the job stored one. */
export const PENDING_PREVIEW: LinkPreview = { status: 'pending', title: null, description: null, image: null, error: null, fetchedAt: null };

const payload = z.union([
  z.object({ workspaceId: z.uuid(), host: z.string().min(1), deferrals: z.number().int().min(0).optional() }),
  // Jobs queued by versions that fetched one link per job: they name a link's URL, whose host is swept.
  z.object({ workspaceId: z.uuid(), linkId: z.uuid(), url: z.url(), deferrals: z.number().int().min(0).optional() }),
]);

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
 * `links.fetch-preview`: one job per workspace and target host works through
 * that host's pending previews in the workspace, oldest first, one page at a
 * time (previews/preview-fetcher.ts), storing what each page says or why it said
 * nothing. The job key and the named queue it hashes to mean one job per
 * (workspace, host) runs at a time: a bulk import of thousands of links to
 * one site reads its pages one after another, in a few jobs, and a stream of
 * single creates is folded into the job already waiting. (Several
 * workspaces' jobs for one host may run at once, within the host's outbound
 * bulkhead; a full bulkhead makes a job wait a second, uncounted.) A run
 * fetches for at most RUN_BUDGET_MS, then queues the job again, so other
 * hosts' jobs get their turn.
 *
 * A page that cannot be read is an outcome (`failed`, `blocked`), not a throw:
 * a retry would not change it. A "not now" from the outbound client queues the
 * job for later instead of failing it; only database errors throw. Storing
 * moves neither `updatedAt` nor the redirect cache and publishes no event: the
 * preview is not part of the link's redirect or of its domain events.
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
    async run(job) {
      const { workspaceId } = job;
      const host = 'host' in job ? job.host : new URL(job.url).host;
      let deferrals = job.deferrals ?? 0;
      if (!options.enabled) {
        // Queued while previews were on: show no preview rather than "pending" for good.
        await repo.clearPendingPreviews(workspaceId, host);
        return;
      }
      const stopAt = Date.now() + RUN_BUDGET_MS;
      // Keyset order within the run: the index entries of previews stored a
      // moment ago are dead until vacuumed, and reading from the start each
      // time would step over all of them. A row made pending again behind
      // the cursor (a new URL) gets a job of its own once that write commits.
      let after: { created_at: Date; id: string } | undefined;
      while (Date.now() < stopAt) {
        const pending = await repo.pendingPreviews(workspaceId, host, PAGE_SIZE, after);
        if (pending.length === 0) return;
        after = pending[pending.length - 1];
        for (const link of pending) {
          if (Date.now() >= stopAt) break;
          let outcome: PreviewOutcome;
          try {
            outcome = await fetchPreview(options.outbound, link.url, options.timeoutMs);
          } catch (error) {
            if (!(error instanceof OutboundUnavailable)) throw error;
            if (error.reason === 'bulkhead-full') {
              // Other callers (another workspace's sweep, webhooks) hold the host's
              // slots: that says nothing of the host, so it counts as no put-off.
              const wait = BUSY_WAIT_MS * (1 + Math.random());
              await enqueue(
                repo.db,
                task,
                { workspaceId, host, deferrals },
                { ...previewJobOptions(workspaceId, host), runAt: new Date(Date.now() + wait) },
              );
              return;
            }
            if (deferrals < MAX_DEFERRALS) {
              const wait = options.deferMs * 2 ** deferrals * (1 + Math.random());
              await enqueue(
                repo.db,
                task,
                { workspaceId, host, deferrals: deferrals + 1 },
                { ...previewJobOptions(workspaceId, host), runAt: new Date(Date.now() + wait) },
              );
              return;
            }
            outcome = { status: 'failed', error: error.message, title: null, description: null, image: null };
          }
          if (outcome.status === 'ok') deferrals = 0;
          const preview: LinkPreview = { ...outcome, fetchedAt: new Date().toISOString() };
          // Checked again in the write itself: an update during the fetch wins
          // (a new URL on this host is pending again and read on a later pass).
          if (await repo.storePreview(workspaceId, link.id, link.url, preview)) {
            stored.inc({ outcome: preview.status });
            logger.debug('link preview stored', { linkId: link.id, status: preview.status, error: preview.error });
          }
        }
      }
      // More may be pending: the rest in a later run, after other hosts' jobs.
      await enqueue(repo.db, task, { workspaceId, host, deferrals }, previewJobOptions(workspaceId, host));
    },
  });
  return task;
}

/**
 * One job per (workspace, host): the job key folds a new request into a job
 * still waiting, and the named queue keeps a job queued while another of the
 * same key runs from running beside it.
 */
export function previewJobOptions(workspaceId: string, host: string): EnqueueOptions {
  const key = previewJobKey(workspaceId, host);
  return { jobKey: key, queueName: queueOf(key), maxAttempts: PREVIEW_MAX_ATTEMPTS, priority: PREVIEW_PRIORITY };
}

/** The job key of a (workspace, host): `links.fetch-preview:<workspace id>:<host:port>`. */
export function previewJobKey(workspaceId: string, host: string): string {
  return `${FETCH_PREVIEW}:${workspaceId}:${host}`;
}

/**
 * One of PREVIEW_QUEUES named queues, by a hash of the job key: the same
 * (workspace, host) always lands in the same queue, so its jobs never run
 * side by side. A queue per key would do that too, but graphile-worker keeps
 * a row per queue name for good and locks the free ones on every fetch of
 * any job: a fixed set keeps that table small.
 */
function queueOf(key: string): string {
  return `${FETCH_PREVIEW}:${createHash('sha256').update(key).digest().readUInt32BE(0) % PREVIEW_QUEUES}`;
}

/** The host a link's preview is fetched from (host:port, as URL.host gives it); stored with the pending preview. */
export function previewHost(url: string): string {
  return new URL(url).host;
}

/**
 * The fetch jobs of `pairs`, in job key order: two processes queueing
 * overlapping sets take the keys' rows in the same order, never deadlocking.
 */
export function previewJobs(task: FetchPreviewTask, pairs: readonly { workspaceId: string; host: string }[]) {
  return pairs
    .map(({ workspaceId, host }) => ({ task, payload: { workspaceId, host }, options: previewJobOptions(workspaceId, host) }))
    .sort((a, b) => (previewJobKey(a.payload.workspaceId, a.payload.host) < previewJobKey(b.payload.workspaceId, b.payload.host) ? -1 : 1));
}

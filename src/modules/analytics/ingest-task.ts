import { z } from 'zod';
import { defineTask, type TaskDefinition } from '../../shared/jobs';
import type { Click } from '../links';

export const INGEST_CLICKS = 'analytics.ingest-clicks';

const click = z.object({
  linkId: z.uuid(),
  workspaceId: z.uuid(),
  at: z.number().int().nonnegative(),
  referrer: z.string().optional(),
  userAgent: z.string().optional(),
  ip: z.string().optional(),
  country: z.string().optional(),
});
const payload = z.object({ clicks: z.array(click).min(1) });

export type IngestClicksTask = TaskDefinition<typeof payload>;

/**
 * `analytics.ingest-clicks`: a batch of clicks captured by redirects in a
 * process that does not run analytics (its remote client, remote.ts, queues
 * one job per flush), written by the process that does, as a local flush
 * would write them. The task's definition is also what the remote client
 * enqueues with; only a process running analytics registers `write`.
 */
export function ingestClicksTask(write: (clicks: readonly Click[]) => Promise<void>): IngestClicksTask {
  return defineTask({
    name: INGEST_CLICKS,
    payload,
    // A retry after a write that committed would count its clicks twice; the
    // write is one transaction, so only a crash between its commit and the
    // job's completion does that (at-least-once, as any queue consumer).
    run: ({ clicks }) =>
      write(clicks.map((c): Click => ({ linkId: c.linkId, workspaceId: c.workspaceId, at: c.at, referrer: c.referrer, userAgent: c.userAgent, ip: c.ip, country: c.country }))),
  });
}

import type { Knex } from 'knex';
import { enqueueAll } from '../../../shared/jobs';
import type { Logger } from '../../../shared/logging';
import { previewJobs, type FetchPreviewTask } from '../jobs/fetch-preview.job';

/**
 * How long requests from committed writes are gathered before their jobs are
 * queued: a stream of creates to one host becomes a few queued jobs a second,
 * each sweeping the links that arrived meanwhile, instead of one per create.
 */
const GATHER_MS = 250;

/** After the database refused a round of them. */
const RETRY_MS = 5000;

/**
 * Gets every pending preview its `links.fetch-preview` job, outside the
 * transaction of the write that made it pending. The write's row is the
 * durable record (`preview_host` set); this turns it into a job:
 *
 * - after a write commits, `requested` notes its (workspace, host) pairs,
 *   and every GATHER_MS the pairs gathered are queued in one statement
 *   (job key mode `replace`, as the write itself used to: a later write for
 *   the host starts a put-off fetch again);
 * - `links.queue-pending-previews`, every minute, queues a job for each pair
 *   with previews pending and no job that will run — none at all (a writer
 *   that stopped before queueing), or one that failed for good — leaving a
 *   job waiting, put off by an open circuit, or running alone.
 *
 * Why not in the write's transaction: the job row of a (workspace, host) is
 * one row, and every write for the host updated it and held its lock until
 * its commit, so creates to one host queued behind each other; and one job
 * per create cost more database time than the create (docs/PERFORMANCE.md).
 */
export class PreviewScheduler {
  private gathered = new Map<string, { workspaceId: string; host: string }>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly db: Knex,
    private readonly task: FetchPreviewTask,
    private readonly logger: Logger,
  ) {}

  /** Called once a write that left these previews pending has committed. */
  requested(pairs: readonly { workspaceId: string; host: string }[]): void {
    for (const pair of pairs) this.gathered.set(`${pair.workspaceId}:${pair.host}`, pair);
    if (this.gathered.size > 0) this.flushIn(GATHER_MS);
  }

  /** Queues what is gathered, before the pool closes: nothing requested waits for the sweep. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.flush();
  }

  private flushIn(ms: number): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, ms);
    this.timer.unref();
  }

  private flush(): Promise<void> {
    const pairs = [...this.gathered.values()];
    this.gathered.clear();
    if (pairs.length === 0) return this.flushing;
    this.flushing = this.flushing.then(async () => {
      try {
        await enqueueAll(this.db, previewJobs(this.task, pairs));
      } catch (error) {
        // Tried again a little later; a process that stops meanwhile leaves them to the sweep.
        this.logger.warn('could not queue link preview fetches', { pairs: pairs.length, retryInMs: RETRY_MS, error: (error as Error).message });
        for (const pair of pairs) this.gathered.set(`${pair.workspaceId}:${pair.host}`, pair);
        this.flushIn(RETRY_MS);
      }
    });
    return this.flushing;
  }
}

import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { defineTask, enqueue } from '../../../shared/jobs';
import type { Deliverer } from './deliver.job';
import { payloadBody } from '../payload';
import type { WebhooksRepository } from '../data/webhooks-repository';

/**
 * link.clicked is high volume, so clicks are not sent one request each: they
 * wait per endpoint in `webhooks.pending_clicks`, and a keyed job per endpoint
 * (`webhooks.batch-clicks`) turns up to `batchSize` of them into one delivery,
 * `intervalMs` after the first click waiting (sooner once a full batch waits).
 * The delivery then goes like any other: signed, retried, logged.
 */
export class ClickBatcher {
  readonly task = defineTask({
    name: 'webhooks.batch-clicks',
    payload: z.object({ endpointId: z.uuid() }),
    run: ({ endpointId }) => this.batch(endpointId),
  });

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly deliverer: Deliverer,
    private readonly settings: { batchSize: number; intervalMs: number },
  ) {}

  /**
   * After clicks were added for an endpoint (in the caller's transaction): its
   * batch job runs within intervalMs, or now when `full`. A job already waiting
   * keeps its earlier time, so a steady stream of clicks cannot postpone it.
   */
  async schedule(trx: Knex, endpointId: string, full: boolean): Promise<void> {
    await enqueue(
      trx,
      this.task,
      { endpointId },
      {
        jobKey: `webhooks.batch-clicks:${endpointId}`,
        jobKeyMode: full ? 'replace' : 'preserve_run_at',
        runAt: new Date(Date.now() + (full ? 0 : this.settings.intervalMs)),
      },
    );
  }

  async batch(endpointId: string): Promise<void> {
    await this.repo.transaction(async (repo, trx) => {
      const clicks = await repo.takePendingClicks(endpointId, this.settings.batchSize);
      if (clicks.length === 0) return;
      const id = randomUUID();
      const body = payloadBody({
        id,
        type: 'link.clicked',
        createdAt: new Date().toISOString(),
        workspaceId: clicks[0].workspace_id,
        data: { clicks: clicks.map((c) => ({ eventId: c.event_id, ...c.click })).sort((a, b) => String(a.at).localeCompare(String(b.at))) },
      });
      const ids = await repo.insertDeliveries([
        { workspace_id: clicks[0].workspace_id, endpoint_id: endpointId, event_id: id, event_type: 'link.clicked', body },
      ]);
      await this.deliverer.schedule(trx, ids);
      // A full batch may have more behind it: go on at once rather than after another interval.
      if (clicks.length === this.settings.batchSize) await this.schedule(trx, endpointId, true);
    });
  }
}

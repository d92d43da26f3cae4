import { z } from 'zod';
import { defineTask } from '../../../shared/jobs';
import type { Logger } from '../../../shared/logging';
import type { WebhooksRepository } from '../data/webhooks-repository';

/** Daily: forgets finished deliveries (delivered or failed) older than WEBHOOK_DELIVERY_RETENTION_DAYS. */
export function pruneDeliveriesTask(repo: WebhooksRepository, retentionDays: number, logger: Logger) {
  return defineTask({
    name: 'webhooks.prune-deliveries',
    payload: z.object({}),
    schedule: '41 3 * * *',
    async run() {
      const removed = await repo.pruneDeliveries(retentionDays);
      if (removed > 0) logger.info('pruned webhook deliveries', { removed, retentionDays });
    },
  });
}

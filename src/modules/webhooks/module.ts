import { webhooksMigrations } from '../../../migrations/webhooks';
import { callerAuth } from '../../shared/http/auth';
import type { ModuleDefinition } from '../../shared/module';
import type { IdentityApi } from '../identity';
import type { WebhooksApi } from './api';
import { EndpointAudience } from './audience';
import { ClickBatcher } from './jobs/batch-clicks.job';
import { Deliverer } from './jobs/deliver.job';
import { fanOutHandlers } from './fan-out';
import { deliverLinkClicked, deliverLinkCreated, deliverLinkDeleted, deliverLinkUpdated } from './subscriptions';
import { webhookMetrics } from './metrics';
import { pruneDeliveriesTask } from './jobs/prune-deliveries.job';
import { WebhooksRepository } from './data/webhooks-repository';
import { webhooksRouter } from './http/routes';
import { WebhooksService } from './service';
import { newSecret } from './signature';
import { webhooksSettings, type WebhooksSettings } from './settings';

export interface WebhooksDeps {
  identity: IdentityApi;
}

const IMPORTED_REASON = 'Imported from another installation with a new secret: give it to the receiver, then enable';

export const webhooksModule: ModuleDefinition<WebhooksApi, WebhooksDeps, WebhooksSettings> = {
  name: 'webhooks',
  description: 'Webhook endpoints, signed deliveries of link events (clicks in batches), retries and the delivery log.',
  // links and analytics: for the definitions of the events it subscribes to; it calls neither.
  dependsOn: ['identity'],
  // Their link.* events are what a webhook sends; they may run in another deployment.
  eventsFrom: ['links', 'analytics'],
  migrations: webhooksMigrations,
  settings: webhooksSettings,
  subscriptions: [deliverLinkCreated, deliverLinkUpdated, deliverLinkDeleted, deliverLinkClicked],
  create({ db, config, settings, logger, metrics, rateLimits, outbound, caches, events }, { identity }) {
    const repo = new WebhooksRepository(db);
    const m = webhookMetrics(metrics);
    const deliverer = new Deliverer(repo, outbound, { ...settings, circuitRetryMs: config.outbound.breaker.halfOpenAfterMs }, logger, m, events);
    const batcher = new ClickBatcher(repo, deliverer, { batchSize: settings.clickBatchSize, intervalMs: settings.clickBatchIntervalMs });
    const audience = new EndpointAudience(repo, caches);
    const service = new WebhooksService(repo, outbound, deliverer, audience, events, settings.maxPerWorkspace);
    return {
      api: {},
      router: webhooksRouter(service, callerAuth(identity, { metrics, rateLimits })),
      tasks: [deliverer.task, batcher.task, pruneDeliveriesTask(repo, settings.deliveryRetentionDays, logger)],
      handlers: fanOutHandlers(deliverer, batcher, audience, settings.clickBatchSize),
      // Deliveries waiting for a retry wait on the old shard's queue and find their row gone: docs/architecture/scaling.md#shards.
      // Endpoints without their secrets, nor deliveries: the new installation signs with new secrets, so the endpoints arrive disabled.
      portable: {
        tables: [{ table: 'webhooks.endpoints', redact: { secret: '' } }],
        async afterImport(trx, workspaceId) {
          const endpoints = await new WebhooksRepository(trx).resecretImported(workspaceId, newSecret, IMPORTED_REASON);
          if (endpoints.length > 0) await audience.forget(trx, workspaceId);
          return endpoints.map((e) => `Webhook ${e.id} (${e.url}): new secret ${e.secret}; disabled until enabled (PATCH {"enabled": true})`);
        },
      },
      workspaceData: {
        tables: ['webhooks.endpoints', 'webhooks.deliveries', 'webhooks.pending_clicks'],
        // The new shard's processes may have cached "no endpoints" for the workspace.
        async beforeImport(trx, table, rows) {
          if (table === 'webhooks.endpoints' && rows.length > 0) await audience.forget(trx, rows[0].workspace_id as string);
        },
      },
    };
  },
};

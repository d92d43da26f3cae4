import { randomUUID } from 'node:crypto';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor';
import { Conflict, Forbidden, Invalid, NotFound } from '../../shared/errors';
import { createEvent, type EventPublisher } from '../../shared/events';
import type { OutboundClient } from '../../shared/outbound';
import type { EndpointAudience } from './audience';
import { changedFields, toWebhook } from './endpoint-view';
import { webhookCreated, webhookDeleted, webhookUpdated } from './events';
import type { Deliverer } from './jobs/deliver.job';
import { payloadBody } from './payload';
import type { DeliveryRow, EndpointChanges, EndpointRow, WebhooksRepository } from './data/webhooks-repository';
import type { CreateWebhookInput, DeliveriesQuery, UpdateWebhookInput } from './http/schemas';
import { sendDelivery } from './sender';
import { newSecret } from './signature';
import type { Delivery, Webhook } from './types';

const notFound = (id: string) => new NotFound(`Webhook ${id} does not exist`);

/** The webhooks API's use cases; every one is scoped by the caller's workspace. */
export class WebhooksService {
  constructor(
    private readonly repo: WebhooksRepository,
    private readonly outbound: OutboundClient,
    private readonly deliverer: Deliverer,
    private readonly audience: EndpointAudience,
    private readonly events: EventPublisher,
    private readonly maxPerWorkspace: number,
  ) {}

  async create(workspaceId: string, input: CreateWebhookInput): Promise<Webhook & { secret: string }> {
    await this.checkDestination(input.url);
    return this.repo.transaction(async (repo, trx) => {
      await repo.lockWorkspace(workspaceId);
      if ((await repo.countEndpoints(workspaceId)) >= this.maxPerWorkspace) {
        throw new Forbidden(
          `This workspace has ${this.maxPerWorkspace} webhooks, the most it may have (WEBHOOKS_MAX_PER_WORKSPACE); delete one first`,
        );
      }
      const row = await repo.insertEndpoint({
        workspace_id: workspaceId,
        url: input.url,
        events: input.events,
        description: input.description ?? null,
        secret: newSecret(),
      });
      await this.audience.forget(trx, workspaceId);
      const webhook = toWebhook(row);
      await this.events.publish(trx, createEvent(webhookCreated, workspaceId, { webhook }));
      return { ...webhook, secret: row.secret };
    });
  }

  async list(workspaceId: string): Promise<{ data: Webhook[] }> {
    return { data: (await this.repo.listEndpoints(workspaceId)).map(toWebhook) };
  }

  async get(workspaceId: string, id: string): Promise<Webhook> {
    return toWebhook(await this.endpoint(workspaceId, id));
  }

  async update(workspaceId: string, id: string, patch: UpdateWebhookInput): Promise<Webhook> {
    if (patch.url !== undefined) await this.checkDestination(patch.url);
    const changes: EndpointChanges = {};
    if (patch.url !== undefined) changes.url = patch.url;
    if (patch.events !== undefined) changes.events = patch.events;
    if (patch.description !== undefined) changes.description = patch.description;
    if (patch.enabled === true) Object.assign(changes, { enabled: true, disabled_reason: null, disabled_at: null, consecutive_failures: 0 });
    if (patch.enabled === false) Object.assign(changes, { enabled: false, disabled_reason: 'Disabled by request', disabled_at: new Date() });
    return this.repo.transaction(async (repo, trx) => {
      const current = await repo.findEndpoint(workspaceId, id, true);
      if (!current) throw notFound(id);
      const updated = (await repo.updateEndpoint(workspaceId, id, changes))!;
      await this.audience.forget(trx, workspaceId);
      const webhook = toWebhook(updated);
      const changed = changedFields(toWebhook(current), webhook);
      await this.events.publish(trx, createEvent(webhookUpdated, workspaceId, { webhook, changed }));
      return webhook;
    });
  }

  async remove(workspaceId: string, id: string): Promise<void> {
    await this.repo.transaction(async (repo, trx) => {
      const deleted = await repo.deleteEndpoint(workspaceId, id);
      if (!deleted) throw notFound(id);
      await this.audience.forget(trx, workspaceId);
      await this.events.publish(trx, createEvent(webhookDeleted, workspaceId, { webhookId: id, url: deleted.url }));
    });
  }

  /**
   * Sends a `ping` now and reports how it went. It is logged like any delivery
   * but neither retried nor counted against the endpoint, and it is sent even to
   * a disabled endpoint: that is how to check a receiver before re-enabling it.
   */
  async ping(workspaceId: string, id: string) {
    const endpoint = await this.endpoint(workspaceId, id);
    const eventId = randomUUID();
    const body = payloadBody({ id: eventId, type: 'ping', createdAt: new Date().toISOString(), workspaceId, data: { webhookId: id } });
    const outcome = await sendDelivery(this.outbound, { url: endpoint.url, secret: endpoint.secret, body, eventId, eventType: 'ping' });
    const delivered = outcome.kind === 'delivered';
    // Stored finished, in one statement: a ping is never left pending.
    const row = await this.repo.insertFinishedDelivery({
      workspace_id: workspaceId,
      endpoint_id: id,
      event_id: eventId,
      event_type: 'ping',
      body,
      status: delivered ? 'delivered' : 'failed',
      attempts: outcome.kind === 'deferred' ? 0 : 1,
      last_status_code: outcome.kind === 'deferred' ? null : outcome.statusCode,
      last_error: delivered ? null : outcome.error,
      last_latency_ms: outcome.kind === 'deferred' ? null : outcome.latencyMs,
      delivered_at: delivered ? new Date() : null,
    });
    if (!row) throw notFound(id); // deleted while the ping was out
    const delivery = toDelivery(row);
    return { delivered, statusCode: delivery.lastStatusCode, latencyMs: delivery.latencyMs, error: delivery.lastError, delivery };
  }

  async deliveries(workspaceId: string, id: string, query: DeliveriesQuery): Promise<{ data: Delivery[]; nextCursor: string | null }> {
    await this.endpoint(workspaceId, id);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    // One extra row tells whether another page exists without a count query.
    const rows = await this.repo.listDeliveries(workspaceId, id, { status: query.status, after, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      data: page.map(toDelivery),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
    };
  }

  /** Sends a delivery again, with a fresh set of attempts; the endpoint must be enabled. */
  redeliver(workspaceId: string, id: string, deliveryId: string): Promise<Delivery> {
    return this.repo.transaction(async (repo, trx) => {
      const endpoint = await repo.findEndpoint(workspaceId, id);
      if (!endpoint) throw notFound(id);
      if (!endpoint.enabled) throw new Conflict(`Webhook ${id} is disabled; enable it (PATCH {"enabled": true}) before redelivering`);
      const current = await repo.findDelivery(workspaceId, id, deliveryId);
      if (!current) throw new NotFound(`Delivery ${deliveryId} of webhook ${id} does not exist`);
      if (current.event_type === 'ping') throw new Conflict('A test ping is not redelivered; send a new one with POST /v1/webhooks/:id/test');
      const row = (await repo.resetDelivery(workspaceId, id, deliveryId))!;
      await this.deliverer.schedule(trx, [row.id]);
      return toDelivery(row);
    });
  }

  private async endpoint(workspaceId: string, id: string): Promise<EndpointRow> {
    const row = await this.repo.findEndpoint(workspaceId, id);
    if (!row) throw notFound(id);
    return row;
  }

  /** Refuses, when it is saved, a URL the outbound policy would refuse on every delivery. */
  private async checkDestination(url: string): Promise<void> {
    const refusal = await this.outbound.refusal(new URL(url));
    if (refusal === undefined) return;
    // Every refusal but an unresolvable name is about the address, which the allow-list can permit.
    const hint = refusal.endsWith('does not resolve') ? '' : ' (OUTBOUND_ALLOW can permit it for local receivers)';
    throw new Invalid(`The webhook URL cannot be called: ${refusal}${hint}`, [{ field: 'body.url', message: `is refused: ${refusal}${hint}` }]);
  }
}

function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    webhookId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    latencyMs: row.last_latency_ms,
    nextAttemptAt: row.status === 'pending' ? (row.next_attempt_at?.toISOString() ?? null) : null,
    createdAt: row.created_at.toISOString(),
    deliveredAt: row.delivered_at?.toISOString() ?? null,
  };
}

import type { Knex } from 'knex';
import { z } from 'zod';
import { createEvent, type EventPublisher } from '../../../shared/events';
import { defineTask, enqueue, enqueueAll } from '../../../shared/jobs';
import type { Logger } from '../../../shared/logging';
import type { OutboundClient } from '../../../shared/outbound';
import { toWebhook } from '../endpoint-view';
import { webhookUpdated } from '../events';
import type { WebhookMetrics } from '../metrics';
import type { AttemptRecord, DeliveryRow, WebhooksRepository } from '../data/webhooks-repository';
import { retryDelayMs, type RetrySettings } from '../retry-policy';
import { sendDelivery } from '../sender';

export interface DeliverySettings extends RetrySettings {
  disableAfterFailures: number;
  /** The outbound circuit's half-open delay: a delivery its open circuit turned away waits about this long. */
  circuitRetryMs: number;
}

/** A delivery the host's bulkhead turned away first waits about this long (then twice as long each time in a row). */
const BULKHEAD_RETRY_MS = 1000;

/**
 * Sends deliveries: one job per delivery (`webhooks.deliver`), which makes one
 * attempt and records it. A failed attempt worth retrying enqueues the next one
 * at its backoff time in the same transaction that records it, so a delivery
 * is always either delivered, failed with a reason, or has its next attempt
 * queued. Failed attempts in a row count against the endpoint, which is
 * disabled at the threshold; the deliveries it still has then fail with that
 * reason when their turn comes. A delivery the outbound client refuses to send
 * (circuit open, bulkhead full) is put off without using an attempt, longer
 * each time in a row: while a host's circuit is open only its probes reach it,
 * and their failures count. An attempt whose delivery moved on meanwhile (a
 * redelivery, a new generation) records nothing and counts nothing.
 */
export class Deliverer {
  readonly task = defineTask({
    name: 'webhooks.deliver',
    payload: z.object({ deliveryId: z.uuid() }),
    run: ({ deliveryId }) => this.attempt(deliveryId),
  });

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly outbound: OutboundClient,
    private readonly settings: DeliverySettings,
    private readonly logger: Logger,
    private readonly metrics: WebhookMetrics,
    private readonly events: EventPublisher,
  ) {}

  /** Queues the first attempt of new deliveries, in the caller's transaction. */
  async schedule(trx: Knex, deliveryIds: readonly string[]): Promise<void> {
    await enqueueAll(
      trx,
      deliveryIds.map((deliveryId) => ({ task: this.task, payload: { deliveryId }, options: { jobKey: jobKey(deliveryId) } })),
    );
  }

  async attempt(deliveryId: string): Promise<void> {
    const delivery = await this.repo.findDeliveryToSend(deliveryId);
    if (!delivery || delivery.status !== 'pending') return;
    if (!delivery.enabled) {
      const error = `Not sent: the webhook is disabled (${delivery.disabled_reason ?? 'by request'})`;
      if (await this.repo.recordAttempt(delivery.id, delivery, { ...unchanged(delivery), status: 'failed', last_error: error })) {
        this.metrics.deliveries.inc({ event: delivery.event_type, outcome: 'failed' });
      }
      return;
    }
    const outcome = await sendDelivery(this.outbound, {
      url: delivery.url,
      secret: delivery.secret,
      body: delivery.body,
      eventId: delivery.event_id,
      eventType: delivery.event_type,
    });
    if (outcome.kind === 'delivered') {
      const record: AttemptRecord = {
        status: 'delivered',
        attempts: delivery.attempts + 1,
        deferrals: 0,
        last_status_code: outcome.statusCode,
        last_error: null,
        last_latency_ms: outcome.latencyMs,
        next_attempt_at: null,
        delivered_at: new Date(),
      };
      if (await this.repo.recordDelivered(delivery.id, delivery, record))
        this.metrics.deliveries.inc({ event: delivery.event_type, outcome: 'delivered' });
      return;
    }
    await this.repo.transaction(async (repo, trx) => {
      // A redelivery or another run of this job moved it on meanwhile: this attempt records nothing.
      if (!(await repo.lockIfCurrent(delivery.id, delivery))) return;
      if (outcome.kind === 'deferred') {
        // Each deferral in a row waits twice as long, so a backlog for a busy host does not keep the worker spinning.
        const base = outcome.reason === 'circuit-open' ? this.settings.circuitRetryMs : BULKHEAD_RETRY_MS;
        const wait = Math.min(this.settings.retryMaxMs, base * 2 ** Math.min(delivery.deferrals, 20));
        const next = new Date(Date.now() + wait * (1 + Math.random()));
        await repo.updateDelivery(delivery.id, {
          ...unchanged(delivery),
          deferrals: delivery.deferrals + 1,
          last_error: outcome.error,
          next_attempt_at: next,
        });
        await this.retryAt(trx, delivery.id, next);
        this.metrics.deliveries.inc({ event: delivery.event_type, outcome: 'deferred' });
        return;
      }
      const attempts = delivery.attempts + 1;
      let error = outcome.error;
      let disabled = false;
      const failures = await repo.addFailure(delivery.endpoint_id);
      if (failures !== undefined && failures >= this.settings.disableAfterFailures) {
        const reason = `Disabled after ${failures} failed delivery attempts in a row; the last: ${outcome.error}`;
        const endpoint = await repo.disable(delivery.endpoint_id, reason);
        if (endpoint) {
          this.logger.warn('webhook disabled', { webhookId: delivery.endpoint_id, workspaceId: delivery.workspace_id, reason });
          this.metrics.disabled.inc();
          const changed = ['enabled', 'disabledReason', 'disabledAt'];
          await this.events.publish(trx, createEvent(webhookUpdated, endpoint.workspace_id, { webhook: toWebhook(endpoint), changed }));
        }
        disabled = true;
        if (outcome.retryable) error += '; not retried: the webhook is now disabled';
      }
      const retry = outcome.retryable && !disabled && attempts < this.settings.maxAttempts;
      if (outcome.retryable && !disabled && !retry) error += `; gave up after ${attempts} attempts`;
      const next = retry ? new Date(Date.now() + retryDelayMs(attempts, outcome.retryAfterMs, this.settings)) : null;
      await repo.updateDelivery(delivery.id, {
        status: retry ? 'pending' : 'failed',
        attempts,
        deferrals: 0,
        last_status_code: outcome.statusCode,
        last_error: error,
        last_latency_ms: outcome.latencyMs,
        next_attempt_at: next,
        delivered_at: null,
      });
      if (next) await this.retryAt(trx, delivery.id, next);
      this.metrics.deliveries.inc({ event: delivery.event_type, outcome: retry ? 'retry' : 'failed' });
    });
  }

  private retryAt(trx: Knex, deliveryId: string, runAt: Date): Promise<void> {
    return enqueue(trx, this.task, { deliveryId }, { jobKey: jobKey(deliveryId), runAt });
  }
}

/** One queued attempt per delivery at a time: a redelivery replaces a waiting retry instead of adding a second. */
function jobKey(deliveryId: string): string {
  return `webhooks.deliver:${deliveryId}`;
}

function unchanged(delivery: DeliveryRow): AttemptRecord {
  return {
    status: delivery.status,
    attempts: delivery.attempts,
    deferrals: delivery.deferrals,
    last_status_code: delivery.last_status_code,
    last_error: delivery.last_error,
    last_latency_ms: delivery.last_latency_ms,
    next_attempt_at: null,
    delivered_at: delivery.delivered_at,
  };
}

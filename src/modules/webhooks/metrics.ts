import { Counter } from 'prom-client';
import type { Metrics } from '../../shared/metrics';

export type WebhookMetrics = ReturnType<typeof webhookMetrics>;

/** Delivery outcomes in /metrics; calls, latency and breaker state per host come from the outbound client. */
export function webhookMetrics(metrics: Metrics) {
  const registers = [metrics.registry];
  return {
    deliveries: new Counter({
      name: 'shortline_webhook_deliveries_total',
      help: 'Webhook delivery attempts by event type and outcome (delivered, retry, failed, deferred)',
      labelNames: ['event', 'outcome'],
      registers,
    }),
    disabled: new Counter({
      name: 'shortline_webhook_endpoints_disabled_total',
      help: 'Webhooks disabled automatically after too many failed attempts in a row',
      registers,
    }),
  };
}

import { defineSettings, integer, variable } from '../../shared/config';

export const webhooksSettings = defineSettings({
  title: 'Webhooks',
  variables: {
    WEBHOOKS_MAX_PER_WORKSPACE: variable(integer(1, 1000), { default: '20', doc: 'Webhooks one workspace may have.' }),
    WEBHOOK_MAX_ATTEMPTS: variable(integer(1, 50), { default: '10', doc: 'Attempts per delivery, the first included.' }),
    WEBHOOK_RETRY_BASE_MS: variable(integer(10, 3_600_000), {
      default: '30000',
      doc: 'Backoff before the n-th retry: this × 2^(n−1), a random 50–100% of it (not above `WEBHOOK_RETRY_MAX_MS`)...',
    }),
    WEBHOOK_RETRY_MAX_MS: variable(integer(10, 86_400_000), {
      default: '3600000',
      doc: "...and at most this; also caps a receiver's `Retry-After`.",
    }),
    WEBHOOK_DISABLE_AFTER_FAILURES: variable(integer(1, 100_000), {
      default: '20',
      doc: 'Failed attempts in a row (over all its deliveries) after which a webhook is disabled.',
    }),
    WEBHOOK_CLICK_BATCH_SIZE: variable(integer(1, 1000), { default: '100', doc: 'Most clicks in one `link.clicked` request...' }),
    WEBHOOK_CLICK_BATCH_INTERVAL_MS: variable(integer(10, 600_000), {
      default: '5000',
      doc: '...sent at most this long after the first of them waits.',
    }),
    WEBHOOK_DELIVERY_RETENTION_DAYS: variable(integer(1, 3650), { default: '30', doc: 'Days finished deliveries stay in the delivery log.' }),
  },
  check: (e) =>
    e.WEBHOOK_RETRY_BASE_MS > e.WEBHOOK_RETRY_MAX_MS
      ? [`WEBHOOK_RETRY_BASE_MS: must not exceed WEBHOOK_RETRY_MAX_MS (${e.WEBHOOK_RETRY_MAX_MS}) (got ${e.WEBHOOK_RETRY_BASE_MS})`]
      : [],
  build: (e) => ({
    maxPerWorkspace: e.WEBHOOKS_MAX_PER_WORKSPACE,
    maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
    retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
    retryMaxMs: e.WEBHOOK_RETRY_MAX_MS,
    disableAfterFailures: e.WEBHOOK_DISABLE_AFTER_FAILURES,
    clickBatchSize: e.WEBHOOK_CLICK_BATCH_SIZE,
    clickBatchIntervalMs: e.WEBHOOK_CLICK_BATCH_INTERVAL_MS,
    deliveryRetentionDays: e.WEBHOOK_DELIVERY_RETENTION_DAYS,
  }),
});

export type WebhooksSettings = ReturnType<typeof webhooksSettings.read>;

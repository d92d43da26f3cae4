import type { EndpointRow } from './data/webhooks-repository';
import type { Webhook } from './types';

/** An endpoint as the API and the endpoint events show it: never its secret. */
export function toWebhook(row: EndpointRow): Webhook {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    disabledAt: row.disabled_at?.toISOString() ?? null,
    consecutiveFailures: row.consecutive_failures,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The API fields whose values differ between two views of an endpoint (`updatedAt` aside). */
export function changedFields(before: Webhook, after: Webhook): string[] {
  return (Object.keys(after) as (keyof Webhook)[]).filter(
    (field) => field !== 'updatedAt' && JSON.stringify(after[field]) !== JSON.stringify(before[field]),
  );
}

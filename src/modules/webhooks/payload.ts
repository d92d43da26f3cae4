import type { DomainEvent } from '../../shared/events';
import type { WebhookPayload } from './types';

/**
 * The body a receiver gets, serialised once when the delivery is created and
 * stored, so retries and redeliveries send (and sign) the same bytes.
 */
export function payloadBody(payload: WebhookPayload): string {
  return JSON.stringify(payload);
}

export function eventBody(event: DomainEvent): string {
  return payloadBody({ id: event.id, type: event.type, createdAt: event.occurredAt, workspaceId: event.workspaceId, data: event.data });
}

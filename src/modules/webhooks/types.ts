/** The events an endpoint can subscribe to (`ping` is sent only by the test call). */
export const WEBHOOK_EVENTS = ['link.created', 'link.updated', 'link.deleted', 'link.clicked'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** An endpoint as the API shows it (the secret only once, on creation). */
export interface Webhook {
  id: string;
  url: string;
  events: WebhookEvent[];
  description: string | null;
  enabled: boolean;
  /** Why it was disabled automatically (or by whom); null while enabled. */
  disabledReason: string | null;
  disabledAt: string | null;
  /** Failed attempts in a row; at WEBHOOK_DISABLE_AFTER_FAILURES the endpoint is disabled. */
  consecutiveFailures: number;
  createdAt: string;
  updatedAt: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One entry of an endpoint's delivery log. */
export interface Delivery {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  latencyMs: number | null;
  /** When the next attempt is due; null unless pending. */
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** What a receiver gets in the request body; `id` is the event's (or the click batch's) id, for de-duplication. */
export interface WebhookPayload {
  id: string;
  type: string;
  createdAt: string;
  workspaceId: string;
  data: unknown;
}

/** The webhooks module's public door: everything other code may use of it. */
export { webhooksModule, type WebhooksDeps } from './module';
export type { WebhooksApi } from './api';
export type { WebhooksSettings } from './settings';
export type { Delivery, Webhook, WebhookEvent, WebhookPayload } from './types';
export { SIGNATURE_HEADER, verifySignature } from './signature';
export { webhookCreated, webhookDeleted, webhookUpdated } from './events';

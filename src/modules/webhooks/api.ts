/**
 * What other modules may use of webhooks: nothing yet. Webhooks only listens
 * (to the domain events of links and analytics) and serves its own HTTP API.
 */
export type WebhooksApi = Record<string, never>;

/**
 * What other modules may use of audit: nothing. It only listens (to the
 * domain events of identity, domains, links and webhooks) and serves its
 * own HTTP API.
 */
export type AuditApi = Record<string, never>;

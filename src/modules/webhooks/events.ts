import { z } from 'zod';
import { defineEvent } from '../../shared/events';
import { WEBHOOK_EVENTS } from './types';

/**
 * The domain events webhooks publishes about its endpoints, each in the
 * transaction of the change it reports. Data carries the endpoint as the API
 * shows it; never its signing secret.
 */
const webhookData = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  description: z.string().nullable(),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  disabledAt: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const webhookCreated = defineEvent('webhook.created', 1, z.object({ webhook: webhookData }));

/**
 * `changed` names the API fields whose values differ from before: on a
 * request, or when too many failures in a row disabled it (by the system;
 * `disabledReason` says why).
 */
export const webhookUpdated = defineEvent('webhook.updated', 1, z.object({ webhook: webhookData, changed: z.array(z.string()) }));

export const webhookDeleted = defineEvent('webhook.deleted', 1, z.object({ webhookId: z.uuid(), url: z.string() }));

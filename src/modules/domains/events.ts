import { z } from 'zod';
import { defineEvent } from '../../shared/events';

/**
 * The domain events domains publishes, each in the transaction of the change
 * it reports. Data carries the domain as the API shows it, less its
 * verification record: the token is the workspace's proof of ownership and
 * goes to no one else.
 */
const domainData = z.object({
  id: z.uuid(),
  hostname: z.string(),
  status: z.enum(['pending', 'verified']),
  rootUrl: z.string().nullable(),
  notFoundUrl: z.string().nullable(),
  publicQr: z.boolean(),
  verifiedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const domainCreated = defineEvent('domain.created', 1, z.object({ domain: domainData }));

/** `changed` names the API fields whose values differ from before the update. */
export const domainUpdated = defineEvent('domain.updated', 1, z.object({ domain: domainData, changed: z.array(z.string()) }));

/** Its TXT record was found, by a verify call or by the re-check job. */
export const domainVerified = defineEvent('domain.verified', 1, z.object({ domain: domainData }));

/** `expired`: deleted by the system, pending for longer than DOMAINS_PENDING_DAYS; else on request. */
export const domainDeleted = defineEvent('domain.deleted', 1, z.object({ domainId: z.uuid(), hostname: z.string(), expired: z.boolean() }));

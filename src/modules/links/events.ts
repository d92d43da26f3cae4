import { z } from 'zod';
import { defineEvent } from '../../shared/events';
import { linkRulesShape } from './http/rule-schemas';

/**
 * The domain events links publishes, each in the transaction of the change it
 * reports. Data carries the link as the API shows it, so a subscriber (or a
 * webhook receiver) needs no call back to know what changed.
 */
const linkData = z.object({
  id: z.uuid(),
  slug: z.string(),
  // Events queued before domains existed carry none: their links are on the default domain.
  domain: z.string().nullable().default(null),
  shortUrl: z.string(),
  url: z.string(),
  title: z.string().nullable(),
  tags: z.array(z.string()),
  expiresAt: z.string().nullable(),
  redirectType: z.union([z.literal(301), z.literal(302), z.literal(307), z.literal(308)]),
  forwardQuery: z.boolean(),
  ...linkRulesShape,
  passwordProtected: z.boolean(),
  maxClicks: z.number().int().nullable(),
  publicQr: z.boolean(),
  // Events queued before imports existed carry none: their links were made here.
  importedClicks: z.number().int().default(0),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const linkCreated = defineEvent('link.created', 1, z.object({ link: linkData }));

/** `changed` names the API fields whose values differ from before the update. */
export const linkUpdated = defineEvent('link.updated', 1, z.object({ link: linkData, changed: z.array(z.string()) }));

export const linkDeleted = defineEvent(
  'link.deleted',
  1,
  z.object({ linkId: z.uuid(), slug: z.string(), domain: z.string().nullable().default(null) }),
);

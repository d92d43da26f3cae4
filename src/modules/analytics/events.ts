import { z } from 'zod';
import { defineEvent } from '../../shared/events';

/**
 * A click on a short link, as analytics stored it. Published by analytics, not
 * by the redirect: in the transaction that writes a flush of clicks, so
 * subscribers hear of exactly the stored clicks, in batches (one delivery job
 * per 500), and the redirect never waits on them. Only built when someone
 * subscribes. No IP or visitor hash is carried.
 */
export const linkClicked = defineEvent(
  'link.clicked',
  1,
  z.object({
    linkId: z.uuid(),
    /** ISO 8601 time of the redirect. */
    at: z.string(),
    /** Referrer host without `www.`; null for none. */
    referrerHost: z.string().nullable(),
    /** Two letters, from the trusted geo header or the geolocation database; null for unknown. */
    country: z.string().nullable(),
    /** From a city geolocation database (GEOIP_DB), in `country`; null for unknown. Absent from events published before cities were recorded. */
    city: z.string().nullable().optional(),
    /** The A/B variant (its name) for a link with a split, else null. Absent from events published before variants were recorded. */
    variant: z.string().nullable().optional(),
    device: z.string(),
    browser: z.string(),
    os: z.string(),
    bot: z.boolean(),
  }),
);

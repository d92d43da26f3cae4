import { z } from 'zod';
import { text } from '../../../shared/http/validate';
import { WEBHOOK_EVENTS } from '../types';

/** Request schemas of the webhooks API. Whether the URL's host may be called is checked by the service (it resolves the name). */
const url = text()
  .max(2048, 'must be at most 2048 characters')
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), { message: 'must not contain control characters', abort: true })
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), { message: 'must be an absolute http(s) URL', abort: true })
  // As for link targets: the URL is shown whenever the webhook is read, no place for a password.
  .refine((value) => new URL(value).username === '' && new URL(value).password === '', {
    message: 'must not contain credentials (user:password@)',
    abort: true,
  })
  .transform((value) => new URL(value).href);

const events = z
  .array(z.enum(WEBHOOK_EVENTS, { message: `must be one of ${WEBHOOK_EVENTS.join(', ')}` }))
  .min(1, 'must name at least one event')
  .refine((list) => new Set(list).size === list.length, 'must not repeat an event');

const description = text().trim().max(500, 'must be at most 500 characters');

export const createWebhook = z.strictObject({ url, events, description: description.optional() });

export const updateWebhook = z
  .strictObject({ url: url.optional(), events: events.optional(), description: description.nullable().optional(), enabled: z.boolean().optional() })
  .refine((patch) => Object.keys(patch).length > 0, 'must change at least one field');

export const deliveriesQuery = z.strictObject({
  status: z.enum(['pending', 'delivered', 'failed'], { message: 'must be pending, delivered or failed' }).optional(),
  limit: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .default(20),
  cursor: text().max(200).optional(),
});

export type CreateWebhookInput = z.infer<typeof createWebhook>;
export type UpdateWebhookInput = z.infer<typeof updateWebhook>;
export type DeliveriesQuery = z.infer<typeof deliveriesQuery>;

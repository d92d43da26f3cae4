import { z } from 'zod';
import { pageQuery, text } from '../../../shared/http/validate';
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
  .refine((list) => new Set(list).size === list.length, 'must not repeat an event')
  .meta({ uniqueItems: true });

const description = text().trim().max(500, 'must be at most 500 characters');

export const createWebhook = z.strictObject({ url, events, description: description.optional() });

export const updateWebhook = z
  .strictObject({ url: url.optional(), events: events.optional(), description: description.nullable().optional(), enabled: z.boolean().optional() })
  .refine((patch) => Object.keys(patch).length > 0, 'must change at least one field');

export const deliveriesQuery = z.strictObject({
  status: z.enum(['pending', 'delivered', 'failed'], { message: 'must be pending, delivered or failed' }).optional(),
  ...pageQuery,
});

export type CreateWebhookInput = z.infer<typeof createWebhook>;
export type UpdateWebhookInput = z.infer<typeof updateWebhook>;
export type DeliveriesQuery = z.infer<typeof deliveriesQuery>;

/** Response schemas of the webhooks API: what the OpenAPI document says each answer is (tested against the answers). */
const timestamp = z.iso.datetime({ offset: true });

export const webhookSchema = z
  .object({
    id: z.uuid(),
    url: z.string().meta({ example: 'https://hooks.example.com/shortline' }),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    description: z.string().nullable(),
    enabled: z.boolean(),
    disabledReason: z.string().nullable().meta({ description: 'Why it was disabled (automatically or by request); null while enabled' }),
    disabledAt: timestamp.nullable(),
    consecutiveFailures: z
      .number()
      .int()
      .meta({ description: 'Failed attempts in a row; at WEBHOOK_DISABLE_AFTER_FAILURES the webhook is disabled' }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Webhook' });

export const createdWebhookSchema = webhookSchema
  .extend({ secret: z.string().meta({ description: 'The signing secret (whsec_…), shown only in this answer', example: 'whsec_0123456789abcdef' }) })
  .meta({ id: 'CreatedWebhook' });

export const deliverySchema = z
  .object({
    id: z.uuid(),
    webhookId: z.uuid(),
    eventId: z.uuid(),
    eventType: z.string().meta({ example: 'link.created' }),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    latencyMs: z.number().int().nullable(),
    nextAttemptAt: timestamp.nullable().meta({ description: 'When the next attempt is due; null unless pending' }),
    createdAt: timestamp,
    deliveredAt: timestamp.nullable(),
  })
  .meta({ id: 'Delivery' });

export const webhookListSchema = z.object({ data: z.array(webhookSchema) });
export const deliveryPageSchema = z.object({ data: z.array(deliverySchema), nextCursor: z.string().nullable() });
export const pingResultSchema = z.object({
  delivered: z.boolean(),
  statusCode: z.number().int().nullable(),
  latencyMs: z.number().int().nullable(),
  error: z.string().nullable(),
  delivery: deliverySchema,
});

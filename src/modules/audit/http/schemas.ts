import { z } from 'zod';
import { pageQuery } from '../../../shared/http/validate';
import { actorSchema } from '../../identity';
import { auditSubscriptions } from '../subscriptions';

/** Query and response schemas of the audit API. */

/** What an entry records someone did: the type of the event it was made from. */
const ACTIONS = auditSubscriptions.map((subscription) => subscription.event.type) as [string, ...string[]];

/** No entry predates 1970, and PostgreSQL has no year 0: the instants a filter may name. */
const EARLIEST = Date.parse('1970-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T00:00:00Z');

const instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2026-11-01T00:00:00Z' })
  .refine((value) => Date.parse(value) >= EARLIEST && Date.parse(value) < LATEST, 'must be between 1970 and 9999')
  .transform((value) => new Date(value));

export const auditQuery = z
  .strictObject({
    ...pageQuery,
    action: z.enum(ACTIONS, { message: `must be one of ${ACTIONS.join(', ')}` }).optional(),
    actorId: z.uuid('must be the id of an API key or a person').optional(),
    targetId: z.uuid('must be the id of a link, domain, webhook, API key, member or invitation').optional(),
    from: instant.optional().meta({ description: 'Only entries at or after this time' }),
    to: instant.optional().meta({ description: 'Only entries before this time' }),
  })
  .refine((query) => query.from === undefined || query.to === undefined || query.from < query.to, {
    message: 'must be later than from',
    path: ['to'],
  });

export type AuditQuery = z.infer<typeof auditQuery>;

const timestamp = z.iso.datetime({ offset: true });

export const TARGET_TYPES = ['link', 'domain', 'webhook', 'api_key', 'member', 'invitation'] as const;

export const targetSchema = z
  .object({
    type: z.enum(TARGET_TYPES),
    id: z.string().meta({ description: 'Its id: a link, domain, webhook, API key, invitation or (for a member) person id' }),
    label: z.string().meta({
      description:
        "A name to know it by: a link's domain and slug (/launch on the default domain), a hostname, a URL, a key's name and prefix, an email",
      example: 'go.example.com/launch',
    }),
  })
  .meta({ id: 'AuditTarget', description: 'What an audit entry is about' });

export const changesSchema = z
  .object({
    fields: z.array(z.string()).optional().meta({ description: 'The fields an update changed' }),
    role: z.string().optional().meta({ description: "A member's role after the change, or the role an invitation offers" }),
    previousRole: z.string().optional().meta({ description: "A member's role before a role change or removal" }),
    scopes: z.array(z.string()).optional().meta({ description: 'The scopes of a new API key' }),
    reason: z.string().optional().meta({ description: 'Why a webhook was disabled, or a domain deleted by the system' }),
  })
  .meta({ id: 'AuditChanges', description: 'What changed, where the event says it; each field only where it applies' });

export const auditEntrySchema = z
  .object({
    id: z.uuid().meta({ description: 'The id of the event it records' }),
    at: timestamp,
    action: z.enum(ACTIONS).meta({ example: 'link.updated' }),
    actor: actorSchema.nullable().meta({ description: 'Who did it; null for the system (a job, the CLI, an expiry)' }),
    target: targetSchema,
    changes: changesSchema.nullable(),
  })
  .meta({ id: 'AuditEntry', description: 'Who (an API key or a person) did what to which thing, when' });

export const auditPageSchema = z.object({
  data: z.array(auditEntrySchema),
  nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last one' }),
});

import type { z } from 'zod';
import type { auditEntrySchema, changesSchema, targetSchema } from './http/schemas';

// What the audit API answers: the types of its response schemas (http/schemas.ts).

/** Who (an API key or a person) did what to which thing, when. */
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** What an entry is about, with a name to know it by. */
export type Target = z.infer<typeof targetSchema>;

/** What changed, where the event says it. */
export type Changes = z.infer<typeof changesSchema>;

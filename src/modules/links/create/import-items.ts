import type { LinkSchemas } from '../http/schemas';
import type { ImportItem } from '../service';
import type { ImportedLink } from '../types';

/**
 * An imported row checked by the rules a create's body follows (the same zod
 * schema), except its expiry, which may be past: a link that had expired
 * where it came from is imported expired. The reason names the field and the
 * rule, as a create's 400 would.
 */
export function importItem(schemas: LinkSchemas, link: ImportedLink): ImportItem {
  const { expiresAt, importedClicks = 0, ...fields } = link;
  const parsed = schemas.createLink.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `${issue.path.join('.') || 'the row'} ${issue.message}`;
  }
  if (expiresAt !== undefined && Number.isNaN(Date.parse(expiresAt))) return 'expiresAt must be an ISO 8601 date-time';
  if (!Number.isSafeInteger(importedClicks) || importedClicks < 0) return 'clicks must be a whole number, 0 or more';
  return { input: parsed.data, expiresAt: expiresAt === undefined ? undefined : new Date(expiresAt).toISOString(), importedClicks };
}

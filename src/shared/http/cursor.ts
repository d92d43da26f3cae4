import { Invalid } from '../errors';
import { isUuid } from './validate';

/**
 * Keyset pagination cursor: the (created_at, id) of the last item of a page,
 * opaque to clients (base64url JSON). Stable under inserts and deletes, unlike
 * offsets.
 */
export interface Position {
  createdAt: Date;
  id: string;
}

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify({ t: position.createdAt.toISOString(), i: position.id })).toString('base64url');
}

export function decodeCursor(cursor: string): Position {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t?: unknown; i?: unknown };
    const createdAt = new Date(String(parsed.t));
    // Only what this API issues: a real uuid and a time PostgreSQL can compare (anything else would fail in SQL).
    const year = createdAt.getUTCFullYear();
    if (typeof parsed.i === 'string' && isUuid(parsed.i) && !Number.isNaN(createdAt.getTime()) && year >= 1970 && year <= 9999) {
      return { createdAt, id: parsed.i };
    }
  } catch {
    // fall through to the error below
  }
  throw new Invalid('The cursor is not valid: pass nextCursor from a previous page unchanged', [
    { field: 'query.cursor', message: 'is not a cursor this API issued' },
  ]);
}

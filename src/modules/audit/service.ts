import type { Knex } from 'knex';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor';
import { EntriesRepository, type EntryRow, type EntryTable } from './data/entries-repository';
import type { AuditQuery } from './http/schemas';
import type { AuditEntry, Changes } from './types';

/** Runs a read on one of the trail's databases. */
export type Reader = <T>(work: (db: Knex) => Promise<T>) => Promise<T>;

/**
 * Reads the trail. A workspace's entries are in two places: `entries` on its
 * own database, and `global_entries` on main (the global modules' events are
 * recorded where they are published; with one database, both are there).
 * A page is the newest of both, merged on the same keyset (time, then event
 * id), so the cursor works across them.
 */
export class AuditService {
  constructor(private readonly readers: Record<EntryTable, Reader>) {}

  async list(workspaceId: string, query: AuditQuery): Promise<{ data: AuditEntry[]; nextCursor: string | null }> {
    const { limit, cursor, ...filters } = query;
    // One extra row tells whether another page exists without a count query.
    const filter = { ...filters, after: cursor === undefined ? undefined : decodeCursor(cursor), limit: limit + 1 };
    const tables = Object.keys(this.readers) as EntryTable[];
    const pages = await Promise.all(tables.map((table) => this.readers[table]((db) => new EntriesRepository(db).page(table, workspaceId, filter))));
    const rows = pages.flat().sort(newestFirst);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map(toEntry),
      nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.at, id: last.event_id }) : null,
    };
  }
}

/** PostgreSQL's order: `at` descending, then the uuid's bytes, which lower-case hex strings compare alike. */
function newestFirst(a: EntryRow, b: EntryRow): number {
  return b.at.getTime() - a.at.getTime() || (a.event_id < b.event_id ? 1 : a.event_id > b.event_id ? -1 : 0);
}

function toEntry(row: EntryRow): AuditEntry {
  return {
    id: row.event_id,
    at: row.at.toISOString(),
    action: row.action,
    actor: row.actor_kind === null ? null : { kind: row.actor_kind, id: row.actor_id!, label: row.actor_label! },
    target: { type: row.target_type as AuditEntry['target']['type'], id: row.target_id, label: row.target_label },
    changes: row.changes as Changes | null,
  };
}

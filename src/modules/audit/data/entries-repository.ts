import type { Knex } from 'knex';
import type { Position } from '../../../shared/http/cursor';

/** SQL on schema `audit` only: its two tables of one shape (migrations/audit/001_entries.ts). */

export type EntryTable = 'entries' | 'global_entries';

export interface EntryRow {
  workspace_id: string;
  event_id: string;
  at: Date;
  action: string;
  actor_kind: 'key' | 'user' | null;
  actor_id: string | null;
  actor_label: string | null;
  target_type: string;
  target_id: string;
  target_label: string;
  changes: Record<string, unknown> | null;
}

export interface EntryFilter {
  action?: string;
  actorId?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  /** The last entry of the previous page: entries older than it (by time, then event id). */
  after?: Position;
  limit: number;
}

export class EntriesRepository {
  constructor(readonly db: Knex) {}

  /** Stores the entries not stored yet (an event redelivered past its inbox record is one); returns those it stored. */
  async insert(table: EntryTable, rows: readonly EntryRow[]): Promise<Pick<EntryRow, 'event_id' | 'action'>[]> {
    if (rows.length === 0) return [];
    return this.db(`audit.${table}`)
      .insert(rows.map((row) => ({ ...row, changes: row.changes === null ? null : JSON.stringify(row.changes) })))
      .onConflict(['workspace_id', 'event_id'])
      .ignore()
      .returning(['event_id', 'action']);
  }

  /** The workspace's entries, newest first, as the filter narrows them. */
  page(table: EntryTable, workspaceId: string, filter: EntryFilter): Promise<EntryRow[]> {
    const query = this.db<EntryRow>(`audit.${table}`)
      .where({ workspace_id: workspaceId })
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'event_id', order: 'desc' },
      ])
      .limit(filter.limit);
    if (filter.action !== undefined) query.where('action', filter.action);
    if (filter.actorId !== undefined) query.where('actor_id', filter.actorId);
    if (filter.targetId !== undefined) query.where('target_id', filter.targetId);
    if (filter.from !== undefined) query.where('at', '>=', filter.from);
    if (filter.to !== undefined) query.where('at', '<', filter.to);
    if (filter.after !== undefined) query.whereRaw('(at, event_id) < (?, ?)', [filter.after.createdAt, filter.after.id]);
    return query;
  }

  /** Deletes every workspace's entries older than `before`; returns how many. */
  async prune(table: EntryTable, before: Date): Promise<number> {
    return this.db(`audit.${table}`).where('at', '<', before).delete();
  }
}

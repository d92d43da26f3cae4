import type { Knex } from 'knex';
import type { Position } from '../../../shared/http/cursor';
import type { DeliveryStatus, WebhookEvent } from '../types';

/** SQL on schema `webhooks` only; every query is scoped by workspace id, except the jobs' look-ups by their own row id. */

export interface EndpointRow {
  id: string;
  workspace_id: string;
  url: string;
  events: WebhookEvent[];
  description: string | null;
  secret: string;
  enabled: boolean;
  disabled_reason: string | null;
  disabled_at: Date | null;
  consecutive_failures: number;
  created_at: Date;
  updated_at: Date;
}

export interface DeliveryRow {
  id: string;
  workspace_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  last_latency_ms: number | null;
  next_attempt_at: Date | null;
  created_at: Date;
  updated_at: Date;
  delivered_at: Date | null;
  generation: number;
  deferrals: number;
}

/** What an attempt read of its delivery: it records its outcome only if the delivery is still at this version. */
export type DeliveryVersion = Pick<DeliveryRow, 'attempts' | 'generation'>;

export type NewDeliveryRow = Pick<DeliveryRow, 'workspace_id' | 'endpoint_id' | 'event_id' | 'event_type' | 'body'>;
export type EndpointChanges = Partial<
  Pick<EndpointRow, 'url' | 'events' | 'description' | 'enabled' | 'disabled_reason' | 'disabled_at' | 'consecutive_failures'>
>;

/** What one attempt changed. */
export interface AttemptRecord {
  status: DeliveryStatus;
  attempts: number;
  deferrals: number;
  last_status_code: number | null;
  last_error: string | null;
  last_latency_ms: number | null;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
}

/** A click waiting for its endpoint's next batch: link.clicked's data. */
export interface PendingClick {
  event_id: string;
  workspace_id: string;
  click: { at: string } & Record<string, unknown>;
}

/** Rows per INSERT: well under PostgreSQL's 65,535 bound values at 5–6 columns a row. */
const INSERT_SLICE = 2000;
const FOREIGN_KEY_VIOLATION = '23503';
const ENDPOINTS = 'webhooks.endpoints';
const DELIVERIES = 'webhooks.deliveries';
const PENDING_CLICKS = 'webhooks.pending_clicks';

export class WebhooksRepository {
  constructor(readonly db: Knex) {}

  /**
   * After a workspace file's import (its endpoints arrive without secrets): a
   * new secret for each of the workspace's endpoints, which stay disabled for
   * `reason` until the receiver has it. Returns them, with their secrets.
   */
  async resecretImported(workspaceId: string, newSecret: () => string, reason: string): Promise<{ id: string; url: string; secret: string }[]> {
    const endpoints = (await this.db('webhooks.endpoints').where({ workspace_id: workspaceId }).select('id', 'url')) as { id: string; url: string }[];
    const done: { id: string; url: string; secret: string }[] = [];
    for (const endpoint of endpoints) {
      const secret = newSecret();
      await this.db('webhooks.endpoints')
        .where({ workspace_id: workspaceId, id: endpoint.id })
        .update({ secret, enabled: false, disabled_reason: reason, disabled_at: new Date(), consecutive_failures: 0 });
      done.push({ ...endpoint, secret });
    }
    return done;
  }

  transaction<T>(work: (repo: WebhooksRepository, trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction((trx) => work(new WebhooksRepository(trx), trx));
  }

  /**
   * Runs `write` in a savepoint of this repository's transaction; false if it
   * failed because an endpoint it wrote for was deleted after it was read (a
   * foreign key violation), which leaves the transaction usable.
   */
  async unlessEndpointDeleted(write: (repo: WebhooksRepository, trx: Knex.Transaction) => Promise<void>): Promise<boolean> {
    try {
      await this.transaction(write);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) return false;
      throw error;
    }
  }

  async insertEndpoint(row: Pick<EndpointRow, 'workspace_id' | 'url' | 'events' | 'description' | 'secret'>): Promise<EndpointRow> {
    const [inserted] = await this.db<EndpointRow>(ENDPOINTS).insert(row).returning('*');
    return inserted;
  }

  /** Serialises endpoint creation per workspace (transaction-scoped), so the count limit cannot be raced past. */
  async lockWorkspace(workspaceId: string): Promise<void> {
    await this.db.raw(`select pg_advisory_xact_lock(hashtextextended('webhooks.endpoints:' || ?, 0))`, [workspaceId]);
  }

  async countEndpoints(workspaceId: string): Promise<number> {
    const [{ count }] = await this.db(ENDPOINTS).where({ workspace_id: workspaceId }).count<{ count: string }[]>('* as count');
    return Number(count);
  }

  listEndpoints(workspaceId: string): Promise<EndpointRow[]> {
    return this.db<EndpointRow>(ENDPOINTS)
      .where({ workspace_id: workspaceId })
      .orderBy([{ column: 'created_at' }, { column: 'id' }]);
  }

  findEndpoint(workspaceId: string, id: string, forUpdate = false): Promise<EndpointRow | undefined> {
    const query = this.db<EndpointRow>(ENDPOINTS).where({ workspace_id: workspaceId, id }).first();
    return forUpdate ? query.forUpdate() : query;
  }

  /** For a job holding only the endpoint's id (its workspace comes with the row). */
  findEndpointById(id: string): Promise<EndpointRow | undefined> {
    return this.db<EndpointRow>(ENDPOINTS).where({ id }).first();
  }

  async updateEndpoint(workspaceId: string, id: string, changes: EndpointChanges): Promise<EndpointRow | undefined> {
    const [updated] = await this.db<EndpointRow>(ENDPOINTS)
      .where({ workspace_id: workspaceId, id })
      .update({ ...changes, updated_at: this.db.raw("date_trunc('milliseconds', now())") })
      .returning('*');
    return updated;
  }

  async deleteEndpoint(workspaceId: string, id: string): Promise<EndpointRow | undefined> {
    const [deleted] = await this.db<EndpointRow>(ENDPOINTS).where({ workspace_id: workspaceId, id }).delete().returning('*');
    return deleted;
  }

  /** Enabled endpoints of these workspaces that subscribe to `event`. */
  subscribedEndpoints(workspaceIds: readonly string[], event: WebhookEvent): Promise<Pick<EndpointRow, 'id' | 'workspace_id'>[]> {
    return this.db<EndpointRow>(ENDPOINTS)
      .select('id', 'workspace_id')
      .whereIn('workspace_id', [...new Set(workspaceIds)])
      .where('enabled', true)
      .whereRaw('? = any(events)', [event]);
  }

  /** The event types each workspace's enabled endpoints subscribe to; workspaces without any are left out. */
  async subscribedEventTypes(workspaceIds: readonly string[]): Promise<Map<string, string[]>> {
    const { rows } = await this.db.raw<{ rows: { workspace_id: string; events: string[] }[] }>(
      `select workspace_id, array_agg(distinct event) as events
       from webhooks.endpoints, unnest(events) as event
       where workspace_id = any(?::uuid[]) and enabled
       group by workspace_id`,
      [[...workspaceIds]],
    );
    return new Map(rows.map((row) => [row.workspace_id, row.events]));
  }

  /** Counts a failed attempt against the endpoint; returns the new count (undefined if the endpoint is gone). */
  async addFailure(endpointId: string): Promise<number | undefined> {
    const [row] = await this.db<EndpointRow>(ENDPOINTS)
      .where({ id: endpointId })
      .increment('consecutive_failures', 1)
      .returning('consecutive_failures');
    return row?.consecutive_failures;
  }

  /** Disables the endpoint and returns it; undefined if it already was disabled. */
  async disable(endpointId: string, reason: string): Promise<EndpointRow | undefined> {
    const [disabled] = await this.db<EndpointRow>(ENDPOINTS)
      .where({ id: endpointId, enabled: true })
      .update({
        enabled: false,
        disabled_reason: reason,
        disabled_at: this.db.fn.now(),
        updated_at: this.db.raw("date_trunc('milliseconds', now())"),
      })
      .returning('*');
    return disabled;
  }

  /**
   * New deliveries; an (endpoint, event) pair already there is skipped. Returns
   * the ids of those inserted. In slices: one statement may bind at most 65,535
   * values, and events × endpoints can be more rows than that allows.
   */
  async insertDeliveries(rows: readonly NewDeliveryRow[]): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < rows.length; i += INSERT_SLICE) {
      const inserted = await this.db<DeliveryRow>(DELIVERIES)
        .insert(rows.slice(i, i + INSERT_SLICE))
        .onConflict(['workspace_id', 'endpoint_id', 'event_id'])
        .ignore()
        .returning('id');
      ids.push(...inserted.map((row) => row.id));
    }
    return ids;
  }

  /** A delivery already finished when it is stored (a test ping); undefined if the endpoint is gone. */
  async insertFinishedDelivery(row: NewDeliveryRow & Omit<AttemptRecord, 'next_attempt_at' | 'deferrals'>): Promise<DeliveryRow | undefined> {
    try {
      const [inserted] = await this.db<DeliveryRow>(DELIVERIES).insert(row).returning('*');
      return inserted;
    } catch (error) {
      if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) return undefined;
      throw error;
    }
  }

  /** A delivery with what sending it needs of its endpoint. */
  findDeliveryToSend(id: string): Promise<(DeliveryRow & Pick<EndpointRow, 'url' | 'secret' | 'enabled' | 'disabled_reason'>) | undefined> {
    return this.db(`${DELIVERIES} as d`)
      .join(`${ENDPOINTS} as e`, 'e.id', 'd.endpoint_id')
      .select('d.*', 'e.url', 'e.secret', 'e.enabled', 'e.disabled_reason')
      .where('d.id', id)
      .first();
  }

  findDelivery(workspaceId: string, endpointId: string, id: string): Promise<DeliveryRow | undefined> {
    return this.db<DeliveryRow>(DELIVERIES).where({ workspace_id: workspaceId, endpoint_id: endpointId, id }).first();
  }

  listDeliveries(
    workspaceId: string,
    endpointId: string,
    filter: { status?: DeliveryStatus; after?: Position; limit: number },
  ): Promise<DeliveryRow[]> {
    const query = this.db<DeliveryRow>(DELIVERIES)
      .where({ workspace_id: workspaceId, endpoint_id: endpointId })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(filter.limit);
    if (filter.status) query.where('status', filter.status);
    if (filter.after) query.whereRaw('(created_at, id) < (?, ?)', [filter.after.createdAt, filter.after.id]);
    return query;
  }

  /** Records an attempt if the delivery is still pending at `read`; false if it moved on meanwhile (one statement). */
  async recordAttempt(id: string, read: DeliveryVersion, record: AttemptRecord): Promise<boolean> {
    const updated = await this.db<DeliveryRow>(DELIVERIES)
      .where({ id, status: 'pending', attempts: read.attempts, generation: read.generation })
      .update({ ...record, updated_at: this.db.fn.now() });
    return updated === 1;
  }

  /**
   * In a transaction: locks the delivery if it is still pending at `read`, so
   * what the transaction does next (count a failure against the endpoint, record
   * the attempt) happens only for a current attempt. Locks the delivery before
   * the endpoint, in the same order as recordDelivered.
   */
  async lockIfCurrent(id: string, read: DeliveryVersion): Promise<boolean> {
    const row = await this.db<DeliveryRow>(DELIVERIES)
      .where({ id, status: 'pending', attempts: read.attempts, generation: read.generation })
      .forUpdate()
      .first('id');
    return row !== undefined;
  }

  async updateDelivery(id: string, record: AttemptRecord): Promise<void> {
    await this.db<DeliveryRow>(DELIVERIES)
      .where({ id })
      .update({ ...record, updated_at: this.db.fn.now() });
  }

  /**
   * Records a successful attempt and clears the endpoint's failure streak in one
   * statement (the common case, so one round trip rather than a transaction of
   * two); false if the delivery moved on meanwhile.
   */
  async recordDelivered(id: string, read: DeliveryVersion, record: AttemptRecord): Promise<boolean> {
    const result = await this.db.raw<{ rows: { delivered: boolean }[] }>(
      `with delivered as (
         update webhooks.deliveries set status = 'delivered', attempts = ?, deferrals = 0, last_status_code = ?, last_error = null,
                last_latency_ms = ?, next_attempt_at = null, delivered_at = ?, updated_at = now()
          where id = ? and status = 'pending' and attempts = ? and generation = ?
          returning endpoint_id),
       reset as (
         update webhooks.endpoints set consecutive_failures = 0
          where id in (select endpoint_id from delivered) and consecutive_failures > 0)
       select exists (select 1 from delivered) as delivered`,
      [record.attempts, record.last_status_code, record.last_latency_ms, record.delivered_at, id, read.attempts, read.generation],
    );
    return result.rows[0].delivered;
  }

  /** Puts a delivery back in line for a fresh set of attempts, as a new generation (attempts still running for the old one record nothing). */
  async resetDelivery(workspaceId: string, endpointId: string, id: string): Promise<DeliveryRow | undefined> {
    const [row] = await this.db<DeliveryRow>(DELIVERIES)
      .where({ workspace_id: workspaceId, endpoint_id: endpointId, id })
      .update({
        status: 'pending',
        attempts: 0,
        deferrals: 0,
        generation: this.db.raw('generation + 1'),
        next_attempt_at: this.db.fn.now(),
        delivered_at: null,
        updated_at: this.db.fn.now(),
      })
      .returning('*');
    return row;
  }

  /** Finished deliveries older than `days`, in slices so no statement runs long. */
  async pruneDeliveries(days: number, slice = 10_000): Promise<number> {
    let removed = 0;
    for (;;) {
      const result = await this.db.raw(
        `delete from webhooks.deliveries where id in (
           select id from webhooks.deliveries where status <> 'pending' and updated_at < now() - make_interval(days => ?) limit ?)`,
        [days, slice],
      );
      removed += (result as { rowCount: number }).rowCount;
      if ((result as { rowCount: number }).rowCount < slice) return removed;
    }
  }

  /** Adds clicks to the endpoint's waiting batch; returns how many now wait. */
  async addPendingClicks(endpointId: string, rows: readonly { workspace_id: string; event_id: string; click: unknown }[]): Promise<number> {
    for (let i = 0; i < rows.length; i += INSERT_SLICE) {
      await this.db(PENDING_CLICKS).insert(
        rows.slice(i, i + INSERT_SLICE).map((row) => ({ ...row, endpoint_id: endpointId, click: JSON.stringify(row.click) })),
      );
    }
    const [{ count }] = await this.db(PENDING_CLICKS).where({ endpoint_id: endpointId }).count<{ count: string }[]>('* as count');
    return Number(count);
  }

  /** Removes and returns the endpoint's oldest `limit` waiting clicks (skipping rows another batch job holds). */
  async takePendingClicks(endpointId: string, limit: number): Promise<PendingClick[]> {
    const result = await this.db.raw<{ rows: PendingClick[] }>(
      `delete from webhooks.pending_clicks where (endpoint_id, seq) in (
           select endpoint_id, seq from webhooks.pending_clicks where endpoint_id = ? order by seq limit ? for update skip locked)
         returning event_id, workspace_id, click`,
      [endpointId, limit],
    );
    return result.rows;
  }
}

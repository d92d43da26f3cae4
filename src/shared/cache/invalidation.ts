import type { Knex } from 'knex';
import { Client } from 'pg';
import type { Logger } from '../logging';

/**
 * Cross-process cache invalidation over PostgreSQL LISTEN/NOTIFY.
 *
 * A writer calls `publishInvalidation` inside the transaction that changes the
 * data: PostgreSQL delivers the notification only if and when that transaction
 * commits, to every process listening — including the writer's own, which
 * closes the race where a concurrent read re-cached the old row before commit.
 *
 * The listener holds one dedicated connection (not from the pool). If it drops,
 * notifications may have been missed, so every cache is marked stale, and again
 * once listening resumes.
 */
export const INVALIDATION_CHANNEL = 'shortline_cache_invalidation';
// pg_notify payloads are limited to 8000 bytes; stay well below.
const MAX_PAYLOAD = 7000;
const PING_INTERVAL_MS = 15_000;

export interface Invalidation {
  cache: string;
  keys: string[];
}

export async function publishInvalidation(db: Knex, invalidation: Invalidation): Promise<void> {
  for (const keys of chunkKeys(invalidation.keys)) {
    await db.raw('select pg_notify(?, ?)', [INVALIDATION_CHANNEL, JSON.stringify({ cache: invalidation.cache, keys })]);
  }
}

/**
 * The `pg_notify(...)` call that publishes `invalidation` from inside a
 * statement of the write, with its bindings: for a write that is one
 * statement, which selects it only if it changed something. The keys must fit
 * in one notification.
 */
export function invalidationCall(invalidation: Invalidation): { sql: string; bindings: string[] } {
  const payload = JSON.stringify({ cache: invalidation.cache, keys: invalidation.keys });
  if (payload.length > MAX_PAYLOAD) throw new Error(`An invalidation of ${invalidation.keys.length} keys does not fit in one notification`);
  return { sql: 'pg_notify(?, ?)', bindings: [INVALIDATION_CHANNEL, payload] };
}

function chunkKeys(keys: string[]): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const key of keys) {
    if (current.length > 0 && size + key.length + 4 > MAX_PAYLOAD) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(key);
    size += key.length + 4;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export interface ListenerHandlers {
  onInvalidation(invalidation: Invalidation): void;
  /** Called when notifications may have been missed (connection lost, reconnected). */
  onGap(): void;
  onConnectedChange(connected: boolean): void;
}

export class InvalidationListener {
  private client: Client | undefined;
  private stopped = false;
  /** Set while invalidations may have gone unheard: a connection was lost or never made. */
  private missedSome = false;
  private retryDelayMs = 250;
  private retryTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly handlers: ListenerHandlers,
    private readonly logger: Logger,
  ) {}

  /** Resolves after the first attempt, successful or not; later attempts run in the background. */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.url,
      application_name: 'shortline-cache-listener',
      // A connection that dies without a reset (NAT, failover) must still be noticed.
      keepAlive: true,
      connectionTimeoutMillis: 5000,
    });
    client.on('notification', (message) => {
      if (message.channel !== INVALIDATION_CHANNEL || !message.payload) return;
      try {
        this.handlers.onInvalidation(JSON.parse(message.payload) as Invalidation);
      } catch {
        this.logger.warn('ignored a malformed cache invalidation', { payload: message.payload.slice(0, 200) });
      }
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`listen ${INVALIDATION_CHANNEL}`);
    } catch (error) {
      this.lost(client, error as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.retryDelayMs = 250;
    this.startPing(client);
    this.handlers.onConnectedChange(true);
    if (this.missedSome) {
      // Anything changed between losing the old connection and now went unheard.
      this.missedSome = false;
      this.handlers.onGap();
    }
  }

  /** A query now and then proves the connection alive; a failure counts as losing it. */
  private startPing(client: Client): void {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      if (this.client !== client) return clearInterval(this.pingTimer);
      client.query('select 1').catch((error: Error) => this.lost(client, error));
    }, PING_INTERVAL_MS);
    this.pingTimer.unref();
  }

  private lost(client: Client, error: Error): void {
    client.removeAllListeners();
    client.on('error', () => {});
    client.end().catch(() => {});
    if (this.stopped || (this.client !== undefined && this.client !== client)) return;
    this.missedSome = true;
    if (this.client === client) {
      // An established connection dropped: what is cached can no longer be trusted.
      this.client = undefined;
      this.handlers.onConnectedChange(false);
      this.handlers.onGap();
    }
    if (this.retryTimer) return;
    this.logger.warn(`cache invalidation listener lost its connection (${error.message}); retrying in ${this.retryDelayMs} ms`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, this.retryDelayMs);
    this.retryTimer.unref();
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, 5000);
  }
}

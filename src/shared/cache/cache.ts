import NodeCache from 'node-cache';

/**
 * A named in-process cache over node-cache with the behaviour the hot paths
 * need (see docs/architecture/redirect-path-and-cache.md):
 *
 * - get-or-load with single-flight: concurrent misses for one key share one load;
 * - negative caching: a load that finds nothing is remembered briefly, so a flood
 *   of unknown keys does not become a flood of queries;
 * - TTL with jitter, so entries loaded together do not expire together;
 * - a key cap with eviction of the oldest entry (node-cache itself would throw);
 * - stale-if-error: an expired entry is retained for a while and served if its
 *   reload fails (the database is down), counted as `stale`;
 * - values are stored by reference (`useClones: false`) and must be treated as
 *   immutable.
 *
 * With `enabled: false` every call goes to the loader, so the cache's effect can
 * be measured.
 */
export interface CacheOptions {
  name: string;
  enabled: boolean;
  ttlSeconds: number;
  /** Up to this fraction of the TTL is added at random, e.g. 0.1 for +0-10%. */
  jitter: number;
  negativeTtlSeconds: number;
  /** How long past its TTL an entry is kept to be served if reloading fails. */
  staleSeconds: number;
  maxKeys: number;
  /** A load slower than this fails (and may fall back to a stale entry). */
  loadTimeoutMs: number;
}

export interface CacheEvents {
  hit(): void;
  miss(): void;
  load(): void;
  loadError(): void;
  stale(): void;
  evict(): void;
}

interface Entry<V> {
  /** undefined: known not to exist (negative entry). */
  value: V | undefined;
  freshUntil: number;
  /** The cache's generation when loaded; older generations are stale (see markAllStale). */
  generation: number;
}

/** How long an invalidation's time is kept for freshSince: the upper bound of REPLICA_MAX_LAG_MS. */
const FRESHNESS_WINDOW_MS = 60_000;
/** Past this many tracked keys the oldest are dropped, their time applied to all keys (see delete). */
const MAX_TRACKED_INVALIDATIONS = 100_000;

/** After a failed reload, a stale entry is served as is for this long before the next attempt. */
const STALE_RETRY_MS = 1000;

export class CacheLoadTimeout extends Error {
  constructor(name: string, ms: number) {
    super(`cache "${name}": load took longer than ${ms} ms`);
    this.name = 'CacheLoadTimeout';
  }
}

export class Cache<V> {
  private readonly store: NodeCache;
  /**
   * Insertion order of keys, for evicting the oldest when full; negative entries
   * apart, with a tenth of the cap, so a flood of unknown keys (anyone can send
   * random slugs) evicts only other unknown keys, never the hot entries.
   */
  private readonly order = new Set<string>();
  private readonly negativeOrder = new Set<string>();
  private readonly inFlight = new Map<string, Promise<V | undefined>>();
  private generation = 0;
  /**
   * When each recently invalidated key was deleted, and when everything was
   * last marked stale: a reload must not come from a database copy older
   * than that (see freshSince). Kept for FRESHNESS_WINDOW_MS, the longest a
   * replica may lag (REPLICA_MAX_LAG_MS is at most 60 s).
   */
  private readonly invalidatedAt = new Map<string, number>();
  private allStaleAt = 0;

  constructor(
    readonly options: CacheOptions,
    private readonly events: CacheEvents,
  ) {
    this.store = new NodeCache({ useClones: false, checkperiod: 60, deleteOnExpire: true });
    this.store.on('expired', (key: string) => {
      this.order.delete(key);
      this.negativeOrder.delete(key);
    });
  }

  get size(): number {
    return this.order.size + this.negativeOrder.size;
  }

  /**
   * The fresh cached value without loading: a value, `null` for a fresh negative
   * entry, `undefined` when not cached or expired. Lets callers stay synchronous
   * on a hit. Counts a hit only when it answers.
   */
  peek(key: string): V | null | undefined {
    if (!this.options.enabled) return undefined;
    const entry = this.store.get<Entry<V>>(key);
    if (!entry || !this.isFresh(entry)) return undefined;
    this.events.hit();
    return entry.value ?? null;
  }

  /** The value for `key`, loading it on a miss; `undefined` if the loader found nothing. */
  async getOrLoad(key: string, loader: () => Promise<V | undefined>): Promise<V | undefined> {
    if (!this.options.enabled) {
      this.events.miss();
      return this.withTimeout(this.startLoad(loader));
    }
    const entry = this.store.get<Entry<V>>(key);
    if (entry && this.isFresh(entry)) {
      this.events.hit();
      return entry.value;
    }
    this.events.miss();
    try {
      return await this.withTimeout(this.singleFlight(key, loader));
    } catch (error) {
      // Only an entry still cached may be served: an invalidation during the load removed it.
      if (entry && entry.value !== undefined && this.store.get(key) === entry) {
        this.events.stale();
        // Serve it without retrying for a moment: during an outage every request
        // would otherwise wait out a load timeout before getting the stale value.
        // (The entry is this cache's own wrapper, so it is updated in place and keeps its retention.)
        entry.freshUntil = Date.now() + STALE_RETRY_MS;
        entry.generation = this.generation;
        return entry.value;
      }
      throw error;
    }
  }

  /**
   * The time (ms) a reload of `key` must be fresh since: its last invalidation
   * or the last markAllStale, whichever is later; 0 if neither is recent. A
   * loader reading a replica passes it on, so a reload after an update does
   * not read the old row back from a replica that has not replayed it yet.
   */
  freshSince(key: string): number {
    const at = this.invalidatedAt.get(key) ?? 0;
    return at > this.allStaleAt ? at : this.allStaleAt;
  }

  /** An invalidation: the entry goes, and its time is kept for freshSince. */
  delete(key: string): void {
    const now = Date.now();
    // Re-inserted so the map stays in time order, oldest first, for the pruning below.
    this.invalidatedAt.delete(key);
    this.invalidatedAt.set(key, now);
    for (const [old, at] of this.invalidatedAt) {
      const recent = now - at <= FRESHNESS_WINDOW_MS;
      if (recent && this.invalidatedAt.size <= MAX_TRACKED_INVALIDATIONS) break;
      // A recent time dropped for room: every key is then held to it, conservatively.
      if (recent && at > this.allStaleAt) this.allStaleAt = at;
      this.invalidatedAt.delete(old);
    }
    this.remove(key);
  }

  /** Drops the key's entry (an invalidation, a refill, an eviction); only delete() records the time. */
  private remove(key: string): void {
    this.store.del(key);
    this.order.delete(key);
    this.negativeOrder.delete(key);
    // A load in flight read the old state; forgetting it keeps its result out of the cache.
    this.inFlight.delete(key);
  }

  /**
   * After invalidations may have been missed: nothing cached may be trusted as
   * fresh any more, but entries stay retained so stale-if-error can still serve
   * them if the database is what went away.
   */
  markAllStale(): void {
    this.allStaleAt = Date.now();
    this.generation++;
    this.inFlight.clear();
  }

  close(): void {
    this.store.close();
  }

  private isFresh(entry: Entry<V>): boolean {
    return entry.generation === this.generation && entry.freshUntil > Date.now();
  }

  private singleFlight(key: string, loader: () => Promise<V | undefined>): Promise<V | undefined> {
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    // The slot is held until the loader settles, even after callers timed out:
    // otherwise every later miss would start another query on a slow database.
    const loading = this.startLoad(loader)
      .then((value) => {
        // A delete() during the load (an invalidation) must win over this older read.
        if (this.inFlight.get(key) === loading) this.set(key, value);
        return value;
      })
      .finally(() => {
        if (this.inFlight.get(key) === loading) this.inFlight.delete(key);
      });
    this.inFlight.set(key, loading);
    return loading;
  }

  private startLoad(loader: () => Promise<V | undefined>): Promise<V | undefined> {
    this.events.load();
    return loader().catch((error: unknown) => {
      this.events.loadError();
      throw error;
    });
  }

  /** The caller waits at most loadTimeoutMs; the load itself goes on (see singleFlight). */
  private async withTimeout(loading: Promise<V | undefined>): Promise<V | undefined> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        loading,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            this.events.loadError();
            reject(new CacheLoadTimeout(this.options.name, this.options.loadTimeoutMs));
          }, this.options.loadTimeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private set(key: string, value: V | undefined): void {
    const { ttlSeconds, jitter, negativeTtlSeconds, staleSeconds, maxKeys } = this.options;
    const fresh = value === undefined ? negativeTtlSeconds : ttlSeconds * (1 + Math.random() * jitter);
    // node-cache reads a TTL of 0 as "forever"; a zero lifetime means "do not cache".
    if (fresh <= 0) return;
    const retain = value === undefined ? fresh : fresh + staleSeconds;
    const [order, cap] = value === undefined ? [this.negativeOrder, Math.max(1, Math.floor(maxKeys / 10))] : [this.order, maxKeys];
    this.remove(key);
    if (order.size >= cap) {
      const oldest = order.values().next().value;
      if (oldest !== undefined) {
        this.remove(oldest);
        this.events.evict();
      }
    }
    order.add(key);
    this.store.set<Entry<V>>(key, { value, freshUntil: Date.now() + fresh * 1000, generation: this.generation }, retain);
  }
}

import { Slots } from './slots';

/**
 * A named in-process cache with the behaviour the hot paths need (see
 * docs/architecture/redirect-path-and-cache.md):
 *
 * - get-or-load with single-flight: concurrent misses for one key share one load;
 * - negative caching: a load that finds nothing is remembered briefly, so a flood
 *   of unknown keys does not become a flood of queries;
 * - TTL with jitter, so entries loaded together do not expire together;
 * - a key cap with eviction of the oldest entry;
 * - stale-if-error: an expired entry is retained for a while and served if its
 *   reload fails (the database is down), counted as `stale`;
 * - values are stored by reference and must be treated as immutable;
 * - a few bytes per entry beyond the key and the value: a million cached links
 *   are the hot set it is sized for (ADR 0019).
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

/** How long an invalidation's time is kept for freshSince: the upper bound of REPLICA_MAX_LAG_MS. */
const FRESHNESS_WINDOW_MS = 60_000;
/** Past this many tracked keys the oldest are dropped, their time applied to all keys (see delete). */
const MAX_TRACKED_INVALIDATIONS = 100_000;

/** After a failed reload, a stale entry is served as is for this long before the next attempt. */
const STALE_RETRY_MS = 1000;
/** Entries past their retention are dropped when next asked for, and by a sweep that visits every entry about once a minute. */
const SWEEP_EVERY_MS = 1000;
const SWEEP_ROUNDS = 60;

export class CacheLoadTimeout extends Error {
  constructor(name: string, ms: number) {
    super(`cache "${name}": load took longer than ${ms} ms`);
    this.name = 'CacheLoadTimeout';
  }
}

export class Cache<V> {
  /**
   * Each cached value's slot in `store`, by key. A Map iterates in insertion
   * order, and a refill re-inserts: its first key is the oldest entry, the
   * one to evict when full.
   */
  private readonly slots = new Map<string, number>();
  private readonly store: Slots<V>;
  /**
   * Keys known not to exist, with when that stops being fresh; apart, with a
   * tenth of the cap, so a flood of unknown keys (anyone can send random
   * slugs) evicts only other unknown keys, never the hot entries.
   */
  private readonly negatives = new Map<string, number>();
  /** Entries served stale after a failed reload, with until when they are served so without another try. */
  private readonly staleRetry = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<V | undefined>>();
  /**
   * When each recently invalidated key was deleted, and when everything was
   * last marked stale: a reload must not come from a database copy older
   * than that (see freshSince). Kept for FRESHNESS_WINDOW_MS, the longest a
   * replica may lag (REPLICA_MAX_LAG_MS is at most 60 s).
   */
  private readonly invalidatedAt = new Map<string, number>();
  private allStaleAt = 0;
  private readonly staleMs: number;
  private readonly sweeper: NodeJS.Timeout;
  private slotCursor: Iterator<[string, number]> | undefined;
  private negativeCursor: Iterator<[string, number]> | undefined;

  constructor(
    readonly options: CacheOptions,
    private readonly events: CacheEvents,
  ) {
    this.staleMs = options.staleSeconds * 1000;
    this.store = new Slots<V>(options.maxKeys);
    this.sweeper = setInterval(() => this.sweep(), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  get size(): number {
    return this.slots.size + this.negatives.size;
  }

  /**
   * The fresh cached value without loading: a value, `null` for a fresh negative
   * entry, `undefined` when not cached or expired. Lets callers stay synchronous
   * on a hit. Counts a hit only when it answers.
   */
  peek(key: string): V | null | undefined {
    if (!this.options.enabled) return undefined;
    const now = Date.now();
    const slot = this.slots.get(key);
    if (slot !== undefined) {
      if (!this.isFresh(key, slot, now)) return undefined;
      this.events.hit();
      return this.store.value(slot);
    }
    const negative = this.negatives.get(key);
    if (negative === undefined || negative <= now) return undefined;
    this.events.hit();
    return null;
  }

  /** The value for `key`, loading it on a miss; `undefined` if the loader found nothing. */
  async getOrLoad(key: string, loader: () => Promise<V | undefined>): Promise<V | undefined> {
    if (!this.options.enabled) {
      this.events.miss();
      return this.withTimeout(this.startLoad(loader));
    }
    const now = Date.now();
    const slot = this.retainedSlot(key, now);
    if (slot !== undefined && this.isFresh(key, slot, now)) {
      this.events.hit();
      return this.store.value(slot);
    }
    if (slot === undefined && (this.negatives.get(key) ?? 0) > now) {
      this.events.hit();
      return undefined;
    }
    this.events.miss();
    const retained = slot === undefined ? undefined : this.store.value(slot);
    try {
      return await this.withTimeout(this.singleFlight(key, loader));
    } catch (error) {
      // Only an entry still cached may be served: an invalidation during the load removed it.
      if (retained !== undefined && this.cached(key) === retained) {
        this.events.stale();
        // Served without retrying for a moment: during an outage every request
        // would otherwise wait out a load timeout before getting the stale value.
        this.staleRetry.set(key, Date.now() + STALE_RETRY_MS);
        return retained;
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

  /**
   * After invalidations may have been missed: nothing cached may be trusted as
   * fresh any more, but entries stay retained so stale-if-error can still serve
   * them if the database is what went away.
   */
  markAllStale(): void {
    this.allStaleAt = Date.now();
    for (const slot of this.slots.values()) this.store.markStale(slot);
    // A negative entry is never served stale: nothing of it is worth keeping.
    this.negatives.clear();
    this.staleRetry.clear();
    this.inFlight.clear();
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private isFresh(key: string, slot: number, now: number): boolean {
    return this.store.isFresh(slot, now) || (this.staleRetry.size > 0 && (this.staleRetry.get(key) ?? 0) > now);
  }

  /** The key's slot while it is retained (fresh, or stale within staleSeconds); one past that is dropped. */
  private retainedSlot(key: string, now: number): number | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined || now <= this.retainedUntil(slot)) return slot;
    this.drop(key);
    return undefined;
  }

  private retainedUntil(slot: number): number {
    return this.store.freshEnd(slot) + this.staleMs;
  }

  private cached(key: string): V | undefined {
    const slot = this.slots.get(key);
    return slot === undefined ? undefined : this.store.value(slot);
  }

  /** Drops the key's entry (an invalidation or a refill): a load in flight read the old state, so its result is not cached. */
  private remove(key: string): void {
    this.drop(key);
    this.inFlight.delete(key);
  }

  /** Drops the key's entry, positive or negative (also an eviction, or the end of its retention). */
  private drop(key: string): void {
    const slot = this.slots.get(key);
    if (slot !== undefined) {
      this.slots.delete(key);
      this.store.release(slot);
      this.staleRetry.delete(key);
    }
    this.negatives.delete(key);
  }

  /** Drops a share of the entries past their retention, so the whole cache is visited about every SWEEP_ROUNDS sweeps. */
  private sweep(): void {
    const now = Date.now();
    const budget = Math.max(1000, Math.ceil(this.size / SWEEP_ROUNDS));
    this.slotCursor = sweepSome(this.slots, this.slotCursor, budget, (key, slot) => {
      if (now > this.retainedUntil(slot)) this.drop(key);
    });
    this.negativeCursor = sweepSome(this.negatives, this.negativeCursor, budget, (key, freshUntil) => {
      if (now >= freshUntil) this.negatives.delete(key);
    });
  }

  private singleFlight(key: string, loader: () => Promise<V | undefined>): Promise<V | undefined> {
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    // The in-flight entry is held until the loader settles, even after callers timed out:
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
    const { ttlSeconds, jitter, negativeTtlSeconds, maxKeys } = this.options;
    const fresh = value === undefined ? negativeTtlSeconds : ttlSeconds * (1 + Math.random() * jitter);
    // A zero lifetime means "do not cache".
    if (fresh <= 0) return;
    const until = Date.now() + fresh * 1000;
    this.remove(key);
    if (value === undefined) {
      if (this.negatives.size >= Math.max(1, Math.floor(maxKeys / 10))) this.evictOldest(this.negatives);
      this.negatives.set(key, until);
      return;
    }
    if (this.slots.size >= maxKeys) this.evictOldest(this.slots);
    this.slots.set(key, this.store.add(value, until));
  }

  private evictOldest(entries: Map<string, number>): void {
    const oldest = entries.keys().next().value;
    if (oldest === undefined) return;
    this.drop(oldest);
    this.events.evict();
  }
}

/** Visits up to `budget` entries of `map` from `cursor` (a live Map iterator, which survives deletions); the next cursor, or undefined when done. */
function sweepSome(
  map: Map<string, number>,
  cursor: Iterator<[string, number]> | undefined,
  budget: number,
  visit: (key: string, value: number) => void,
): Iterator<[string, number]> | undefined {
  const entries = cursor ?? map.entries();
  for (let i = 0; i < budget; i++) {
    const next = entries.next();
    if (next.done === true) return undefined;
    visit(next.value[0], next.value[1]);
  }
  return entries;
}

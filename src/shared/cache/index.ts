import type { Knex } from 'knex';
import { Counter, Gauge } from 'prom-client';
import type { Logger } from '../logging';
import type { Metrics } from '../metrics';
import { Cache, type CacheOptions } from './cache';
import { invalidationCall, InvalidationListener, publishInvalidation } from './invalidation';

export { Cache, CacheLoadTimeout, type CacheOptions } from './cache';

/** Defaults every cache starts from (from config); a cache may override them. */
export type CacheDefaults = Omit<CacheOptions, 'name'>;

/**
 * All caches of the process, by name: creates them with metrics, applies
 * invalidations from any process, and marks every entry stale when
 * invalidations may have been missed.
 */
export interface CacheRegistry {
  create<V>(name: string, overrides?: Partial<CacheDefaults>): Cache<V>;
  /**
   * Evicts `keys` of cache `name` here at once and, through `db` (pass the
   * writing transaction), in every process when the transaction commits.
   */
  invalidate(db: Knex, name: string, keys: string[]): Promise<void>;
  /**
   * For a write that is one statement: evicts `keys` of cache `name` here at
   * once and returns the `pg_notify(?, ?)` call (SQL and bindings) for that
   * statement to select, so every process evicts them when it commits.
   */
  invalidationCall(name: string, keys: string[]): { sql: string; bindings: string[] };
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createCacheRegistry(options: { defaults: CacheDefaults; databaseUrl: string; logger: Logger; metrics: Metrics }): CacheRegistry {
  const { defaults, logger, metrics } = options;
  const caches = new Map<string, Cache<unknown>>();
  const m = cacheMetrics(metrics, caches);

  const listener = new InvalidationListener(
    options.databaseUrl,
    {
      onInvalidation({ cache, keys }) {
        const target = caches.get(cache);
        if (!target) return;
        for (const key of keys) target.delete(key);
        m.invalidations.inc({ cache, source: 'notify' }, keys.length);
      },
      onGap() {
        for (const cache of caches.values()) cache.markAllStale();
        m.gaps.inc();
      },
      onConnectedChange(connected) {
        m.connected.set(connected ? 1 : 0);
      },
    },
    logger,
  );

  const evictHere = (name: string, keys: string[]) => {
    const cache = caches.get(name);
    for (const key of keys) cache?.delete(key);
    m.invalidations.inc({ cache: name, source: 'local' }, keys.length);
  };

  return {
    create<V>(name: string, overrides: Partial<CacheDefaults> = {}) {
      if (caches.has(name)) throw new Error(`cache "${name}" exists already`);
      // Label-bound children: a hit is counted on every cached redirect, and
      // prom-client would otherwise hash the label object each time.
      const [hits, misses, loads, loadErrors, stale, evictions] = [m.hits, m.misses, m.loads, m.loadErrors, m.stale, m.evictions].map((c) =>
        c.labels(name),
      );
      const cache = new Cache<V>(
        { ...defaults, ...overrides, name },
        {
          hit: () => hits.inc(),
          miss: () => misses.inc(),
          load: () => loads.inc(),
          loadError: () => loadErrors.inc(),
          stale: () => stale.inc(),
          evict: () => evictions.inc(),
        },
      );
      caches.set(name, cache as Cache<unknown>);
      return cache;
    },
    async invalidate(db, name, keys) {
      evictHere(name, keys);
      await publishInvalidation(db, { cache: name, keys });
    },
    invalidationCall(name, keys) {
      evictHere(name, keys);
      return invalidationCall({ cache: name, keys });
    },
    start: () => listener.start(),
    async stop() {
      await listener.stop();
      for (const cache of caches.values()) cache.close();
    },
  };
}

function cacheMetrics(metrics: Metrics, caches: Map<string, Cache<unknown>>) {
  const registers = [metrics.registry];
  const counter = (name: string, help: string) => new Counter({ name, help, labelNames: ['cache'], registers });
  const hits = counter('shortline_cache_hits_total', 'Cache look-ups answered from the cache');
  const misses = counter('shortline_cache_misses_total', 'Cache look-ups that needed a load');
  return {
    hits,
    misses,
    loads: counter('shortline_cache_loads_total', 'Loads run (after single-flight: concurrent misses share one)'),
    loadErrors: counter('shortline_cache_load_errors_total', 'Loads that failed or timed out'),
    stale: counter('shortline_cache_stale_served_total', 'Expired entries served because their reload failed (stale-if-error)'),
    evictions: counter('shortline_cache_evictions_total', 'Entries evicted because the cache reached its key cap'),
    invalidations: new Counter({
      name: 'shortline_cache_invalidations_total',
      help: 'Keys invalidated, by source: local (this process wrote) or notify (any process, via LISTEN/NOTIFY)',
      labelNames: ['cache', 'source'],
      registers,
    }),
    gaps: new Counter({
      name: 'shortline_cache_invalidation_gaps_total',
      help: 'Times every cache was marked stale because invalidations may have been missed (listener connection lost or re-established)',
      registers,
    }),
    connected: new Gauge({ name: 'shortline_cache_listener_connected', help: '1 while the invalidation listener is connected', registers }),
    keys: new Gauge({
      name: 'shortline_cache_keys',
      help: 'Entries held per cache (fresh, negative and retained-stale)',
      labelNames: ['cache'],
      registers,
      collect() {
        for (const [name, cache] of caches) this.set({ cache: name }, cache.size);
      },
    }),
    ratio: new Gauge({
      name: 'shortline_cache_hit_ratio',
      help: 'hits / (hits + misses) since start, per cache',
      labelNames: ['cache'],
      registers,
      async collect() {
        const totals = async (c: Counter<'cache'>) => new Map((await c.get()).values.map((v) => [String(v.labels.cache), v.value]));
        const [h, mi] = await Promise.all([totals(hits), totals(misses)]);
        for (const name of caches.keys()) {
          const looked = (h.get(name) ?? 0) + (mi.get(name) ?? 0);
          this.set({ cache: name }, looked === 0 ? 0 : (h.get(name) ?? 0) / looked);
        }
      },
    }),
  };
}

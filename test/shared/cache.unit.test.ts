import { Cache, CacheLoadTimeout, type CacheOptions } from '../../src/shared/cache';

/** The cache on its own, with loaders that count their calls. */
function makeCache(overrides: Partial<CacheOptions> = {}) {
  const counts = { hit: 0, miss: 0, load: 0, loadError: 0, stale: 0, evict: 0 };
  const cache = new Cache<string>(
    {
      name: 'test',
      enabled: true,
      ttlSeconds: 60,
      jitter: 0,
      negativeTtlSeconds: 5,
      staleSeconds: 60,
      maxKeys: 1000,
      loadTimeoutMs: 200,
      ...overrides,
    },
    {
      hit: () => counts.hit++,
      miss: () => counts.miss++,
      load: () => counts.load++,
      loadError: () => counts.loadError++,
      stale: () => counts.stale++,
      evict: () => counts.evict++,
    },
  );
  return { cache, counts };
}

afterEach(() => jest.useRealTimers());

describe('Cache', () => {
  it('remembers when a key was invalidated (freshSince), not when it was filled or evicted', async () => {
    const { cache } = makeCache({ maxKeys: 100, negativeTtlSeconds: 5 });
    await cache.getOrLoad('loaded', async () => 'v');
    for (let i = 0; i < 50; i++) await cache.getOrLoad(`unknown-${i}`, async () => undefined); // evicts negative entries
    expect(cache.freshSince('loaded')).toBe(0);
    expect(cache.freshSince('unknown-0')).toBe(0);
    const before = Date.now();
    cache.delete('loaded');
    expect(cache.freshSince('loaded')).toBeGreaterThanOrEqual(before);
    expect(cache.freshSince('never-seen')).toBe(0);
    cache.markAllStale();
    expect(cache.freshSince('never-seen')).toBeGreaterThanOrEqual(before);
  });

  it('loads once for concurrent misses of one key', async () => {
    const { cache, counts } = makeCache();
    let calls = 0;
    const loader = () => new Promise<string>((resolve) => setTimeout(() => resolve(`v${++calls}`), 20));
    const values = await Promise.all(Array.from({ length: 100 }, () => cache.getOrLoad('k', loader)));
    expect(new Set(values)).toEqual(new Set(['v1']));
    expect(calls).toBe(1);
    expect(counts.load).toBe(1);
    cache.close();
  });

  it('caches "not found" for the negative TTL only', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    const { cache } = makeCache({ negativeTtlSeconds: 5 });
    let calls = 0;
    const loader = async () => {
      calls++;
      return undefined;
    };
    expect(await cache.getOrLoad('k', loader)).toBeUndefined();
    expect(await cache.getOrLoad('k', loader)).toBeUndefined();
    expect(cache.peek('k')).toBeNull();
    expect(calls).toBe(1);
    jest.advanceTimersByTime(5_001);
    await cache.getOrLoad('k', loader);
    expect(calls).toBe(2);
    cache.close();
  });

  it('spreads expiry with jitter', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    const { cache } = makeCache({ ttlSeconds: 100, jitter: 0.5 });
    for (let i = 0; i < 200; i++) await cache.getOrLoad(`k${i}`, async () => 'v');
    jest.advanceTimersByTime(125_000);
    const fresh = Array.from({ length: 200 }, (_, i) => cache.peek(`k${i}`)).filter((v) => v !== undefined).length;
    // Lifetimes are spread over 100-150 s: at 125 s some but not all are still fresh.
    expect(fresh).toBeGreaterThan(40);
    expect(fresh).toBeLessThan(160);
    cache.close();
  });

  it('evicts the oldest entry beyond maxKeys', async () => {
    const { cache, counts } = makeCache({ maxKeys: 3 });
    for (const key of ['a', 'b', 'c', 'd']) await cache.getOrLoad(key, async () => key);
    expect(cache.size).toBe(3);
    expect(cache.peek('a')).toBeUndefined();
    expect(cache.peek('d')).toBe('d');
    expect(counts.evict).toBe(1);
    cache.close();
  });

  it('serves an expired entry when reloading fails (stale-if-error), and throws when it has none', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    const { cache, counts } = makeCache({ ttlSeconds: 10, staleSeconds: 60 });
    await cache.getOrLoad('k', async () => 'old');
    jest.advanceTimersByTime(11_000);
    const failing = async (): Promise<string> => {
      throw new Error('database down');
    };
    expect(await cache.getOrLoad('k', failing)).toBe('old');
    expect(counts.stale).toBe(1);
    // For a moment after a failed reload the stale value is served without another attempt.
    expect(await cache.getOrLoad('k', failing)).toBe('old');
    expect(counts.load).toBe(2);
    await expect(cache.getOrLoad('other', failing)).rejects.toThrow('database down');
    cache.close();
  });

  it('stops serving an entry stale once staleSeconds have passed beyond its TTL', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    const { cache, counts } = makeCache({ ttlSeconds: 10, staleSeconds: 20 });
    await cache.getOrLoad('k', async () => 'old');
    jest.setSystemTime(Date.now() + 31_000);
    await expect(cache.getOrLoad('k', async () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(counts.stale).toBe(0);
    expect(cache.size).toBe(0);
    cache.close();
  });

  it('drops entries past their retention without being asked for them, within about a minute', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    const { cache } = makeCache({ ttlSeconds: 10, staleSeconds: 20, negativeTtlSeconds: 5, maxKeys: 200_000 });
    for (let i = 0; i < 3000; i++) await cache.getOrLoad(`k${i}`, async () => `v${i}`);
    for (let i = 0; i < 3000; i++) await cache.getOrLoad(`unknown${i}`, async () => undefined);
    expect(cache.size).toBe(6000);
    jest.advanceTimersByTime(10_000); // past the negative entries' lifetime, within the others' retention
    expect(cache.size).toBe(3000);
    jest.advanceTimersByTime(25_000);
    expect(cache.size).toBe(0);
    cache.close();
  });

  it('keeps every value with its own key through churn (slots are reused)', async () => {
    const { cache } = makeCache({ maxKeys: 50 });
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 80; i++) await cache.getOrLoad(`k${(i * 7 + round) % 120}`, async () => `v${(i * 7 + round) % 120}`);
      for (let i = 0; i < 120; i += 3) cache.delete(`k${i}`);
    }
    expect(cache.size).toBeLessThanOrEqual(50);
    let found = 0;
    for (let i = 0; i < 120; i++) {
      const value = cache.peek(`k${i}`);
      if (value === undefined) continue;
      expect(value).toBe(`v${i}`);
      found++;
    }
    expect(found).toBe(cache.size);
    cache.close();
  });

  it('gives up on a load slower than loadTimeoutMs', async () => {
    const { cache, counts } = makeCache({ loadTimeoutMs: 50 });
    const slow = () => new Promise<string>((resolve) => setTimeout(() => resolve('late'), 500).unref());
    await expect(cache.getOrLoad('k', slow)).rejects.toBeInstanceOf(CacheLoadTimeout);
    expect(counts.loadError).toBe(1);
    cache.close();
  });

  it('does not let a load that started before an invalidation cache the old value', async () => {
    const { cache } = makeCache();
    let release!: (v: string) => void;
    const pending = cache.getOrLoad('k', () => new Promise<string>((resolve) => (release = resolve)));
    cache.delete('k');
    release('old');
    expect(await pending).toBe('old');
    expect(cache.peek('k')).toBeUndefined();
    cache.close();
  });

  it('does not cache at all with a zero negative TTL', async () => {
    const { cache } = makeCache({ negativeTtlSeconds: 0 });
    await cache.getOrLoad('k', async () => undefined);
    expect(cache.size).toBe(0);
    cache.close();
  });

  it('keeps one load per key running after callers time out, so a slow database gets no pile-up', async () => {
    const { cache, counts } = makeCache({ loadTimeoutMs: 30 });
    let release!: (v: string) => void;
    const slow = () => new Promise<string>((resolve) => (release = resolve));
    await expect(cache.getOrLoad('k', slow)).rejects.toBeInstanceOf(CacheLoadTimeout);
    await expect(cache.getOrLoad('k', slow)).rejects.toBeInstanceOf(CacheLoadTimeout);
    expect(counts.load).toBe(1);
    release('late');
    await new Promise((r) => setImmediate(r));
    expect(cache.peek('k')).toBe('late');
    cache.close();
  });

  it('does not serve a stale entry that was invalidated while its reload failed', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    const { cache } = makeCache({ ttlSeconds: 10, staleSeconds: 60 });
    await cache.getOrLoad('k', async () => 'old');
    jest.advanceTimersByTime(11_000);
    const failing = async (): Promise<string> => {
      cache.delete('k'); // e.g. the link is deleted in another process meanwhile
      throw new Error('database down');
    };
    await expect(cache.getOrLoad('k', failing)).rejects.toThrow('database down');
    cache.close();
  });

  it('caps unknown keys apart, so a flood of them never evicts known entries', async () => {
    const { cache } = makeCache({ maxKeys: 100 });
    for (let i = 0; i < 50; i++) await cache.getOrLoad(`known${i}`, async () => 'v');
    for (let i = 0; i < 1000; i++) await cache.getOrLoad(`random${i}`, async () => undefined);
    for (let i = 0; i < 50; i++) expect(cache.peek(`known${i}`)).toBe('v');
    expect(cache.size).toBe(50 + 10);
    cache.close();
  });

  it('always loads when disabled', async () => {
    const { cache } = makeCache({ enabled: false });
    let calls = 0;
    for (let i = 0; i < 3; i++) await cache.getOrLoad('k', async () => `v${++calls}`);
    expect(calls).toBe(3);
    expect(cache.peek('k')).toBeUndefined();
    cache.close();
  });
});

describe('Cache.markAllStale', () => {
  it('makes every entry reload, yet keeps them for stale-if-error', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    const { cache } = makeCache();
    await cache.getOrLoad('k', async () => 'old');
    cache.markAllStale();
    expect(cache.peek('k')).toBeUndefined();
    expect(await cache.getOrLoad('k', async () => Promise.reject(new Error('down')))).toBe('old');
    jest.advanceTimersByTime(1001);
    expect(await cache.getOrLoad('k', async () => 'new')).toBe('new');
    expect(cache.peek('k')).toBe('new');
    cache.close();
  });
});

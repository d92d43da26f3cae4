import type { Principal } from './types';

interface Entry {
  hash: string;
  /** null: the key is unknown or revoked. */
  principal: Principal | null;
  expiresAt: number;
}

/**
 * A small per-process cache of API-key look-ups, so most authenticated requests
 * cost no query and no hashing: entries are found by the presented key itself
 * (the process holds it during the request anyway) and remember its hash, by
 * which revocation evicts them. Unknown keys are cached too (a random key cannot
 * later become valid), which keeps a stream of bad keys off the database; the size
 * cap keeps that stream from growing memory without bound. Revocation evicts at
 * once on this process.
 */
export class KeyCache {
  private readonly byKey = new Map<string, Entry>();
  private readonly keyByHash = new Map<string, string>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** `undefined`: not cached; `null`: cached as unknown. */
  get(key: string): Principal | null | undefined {
    const entry = this.byKey.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.remove(key, entry.hash);
      return undefined;
    }
    return entry.principal;
  }

  set(key: string, hash: string, principal: Principal | null): void {
    if (this.ttlMs <= 0) return;
    if (this.byKey.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest entry.
      const [oldestKey, oldest] = this.byKey.entries().next().value as [string, Entry];
      this.remove(oldestKey, oldest.hash);
    }
    this.byKey.set(key, { hash, principal, expiresAt: Date.now() + this.ttlMs });
    this.keyByHash.set(hash, key);
  }

  deleteByHash(hash: string): void {
    const key = this.keyByHash.get(hash);
    if (key !== undefined) this.remove(key, hash);
  }

  private remove(key: string, hash: string): void {
    this.byKey.delete(key);
    this.keyByHash.delete(hash);
  }
}

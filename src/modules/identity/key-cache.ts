import type { Principal } from './types';

/**
 * A small per-process cache of API-key look-ups, keyed by key hash, so most
 * authenticated requests cost no query. Unknown keys are cached too (a random
 * key cannot later become valid), which keeps a stream of bad keys off the
 * database; the size cap keeps that stream from growing memory without bound.
 * Revocation evicts the entry at once on this process.
 */
export class KeyCache {
  private readonly entries = new Map<string, { principal: Principal | null; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** `undefined`: not cached; `null`: cached as unknown. */
  get(hash: string): Principal | null | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.principal;
  }

  set(hash: string, principal: Principal | null): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(hash, { principal, expiresAt: Date.now() + this.ttlMs });
  }

  delete(hash: string): void {
    this.entries.delete(hash);
  }
}

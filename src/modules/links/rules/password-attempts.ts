/**
 * Wrong passwords, counted per visitor (address) and link, in this process:
 * the first FREE_ATTEMPTS are free, then each wrong one locks the pair out for
 * twice as long as the last (1 s, 2 s, 4 s… up to MAX_LOCK_MS), during which
 * guesses are refused without being checked. A right password, or
 * FORGET_AFTER_MS without a wrong one, clears the count. With several
 * processes behind a balancer a visitor gets this allowance in each.
 */
const FREE_ATTEMPTS = 5;
const MAX_LOCK_MS = 15 * 60_000;
const FORGET_AFTER_MS = 15 * 60_000;
/** Pairs remembered at most; past it the oldest are forgotten (a flood of addresses cannot grow memory). */
const MAX_PAIRS = 10_000;

interface Failures {
  count: number;
  lastAt: number;
  lockedUntil: number;
}

export class PasswordAttempts {
  private readonly failures = new Map<string, Failures>();

  /** Milliseconds until this visitor may try again on this link; 0 when they may now. */
  lockedFor(linkId: string, ip: string | undefined, now: number): number {
    const entry = this.current(key(linkId, ip), now);
    return entry === undefined ? 0 : Math.max(0, entry.lockedUntil - now);
  }

  failed(linkId: string, ip: string | undefined, now: number): void {
    const k = key(linkId, ip);
    const entry = this.current(k, now) ?? { count: 0, lastAt: now, lockedUntil: 0 };
    entry.count++;
    entry.lastAt = now;
    if (entry.count >= FREE_ATTEMPTS) entry.lockedUntil = now + Math.min(1000 * 2 ** (entry.count - FREE_ATTEMPTS), MAX_LOCK_MS);
    this.failures.delete(k);
    if (this.failures.size >= MAX_PAIRS) this.failures.delete(this.failures.keys().next().value!);
    this.failures.set(k, entry);
  }

  succeeded(linkId: string, ip: string | undefined): void {
    this.failures.delete(key(linkId, ip));
  }

  private current(k: string, now: number): Failures | undefined {
    const entry = this.failures.get(k);
    if (entry !== undefined && now - entry.lastAt > FORGET_AFTER_MS && now >= entry.lockedUntil) {
      this.failures.delete(k);
      return undefined;
    }
    return entry;
  }
}

function key(linkId: string, ip: string | undefined): string {
  return `${linkId}|${ip ?? ''}`;
}

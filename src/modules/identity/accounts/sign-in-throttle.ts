import type { Knex } from 'knex';

/**
 * Failed sign-ins, counted per account and per client address in the
 * database, so every process (and machine) shares the count. The first
 * failures of a key are free (5 for an account, 20 for an address, which a
 * whole office may share); each further one locks the key for twice as long
 * as the last, 1 s up to 15 min, and a locked key is refused without its
 * password being checked. A key forgets its failures after 15 quiet minutes;
 * a right password clears its account's count, not its address's, so one
 * known password cannot reset a spray across many accounts.
 */
const FREE = { account: 5, address: 20 } as const;
const MAX_LOCK_S = 15 * 60;
const FORGET_AFTER_S = 15 * 60;

export type ThrottleKey = `${keyof typeof FREE}:${string}`;

export function throttleKeys(email: string, address: string | undefined): ThrottleKey[] {
  const keys: ThrottleKey[] = [`account:${email.toLowerCase()}`];
  if (address !== undefined) keys.push(`address:${address}`);
  return keys;
}

export class SignInThrottle {
  constructor(private readonly db: Knex) {}

  /** Seconds until any of the keys may try again; 0 when all may now. */
  async lockedFor(keys: readonly ThrottleKey[]): Promise<number> {
    const row = await this.db('identity.sign_in_failures')
      .whereIn('key', keys)
      .where('locked_until', '>', this.db.fn.now())
      .first<{ seconds: string | null }>(this.db.raw('ceil(extract(epoch from max(locked_until) - now())) as seconds'));
    return Number(row?.seconds ?? 0);
  }

  async failed(keys: readonly ThrottleKey[]): Promise<void> {
    for (const key of keys) {
      const free = FREE[key.slice(0, key.indexOf(':')) as keyof typeof FREE];
      await this.db.raw(
        `insert into identity.sign_in_failures as f (key, failures, last_failed_at) values (?, 1, now())
         on conflict (key) do update set
           failures = case when f.last_failed_at < now() - make_interval(secs => ?) then 1 else f.failures + 1 end,
           last_failed_at = now()`,
        [key, FORGET_AFTER_S],
      );
      await this.db.raw(
        `update identity.sign_in_failures
         set locked_until = now() + make_interval(secs => least(power(2, failures - ? - 1), ?))
         where key = ? and failures > ?`,
        [free, MAX_LOCK_S, key, free],
      );
    }
  }

  async succeeded(key: ThrottleKey): Promise<void> {
    await this.db('identity.sign_in_failures').where({ key }).delete();
  }

  /** Forgets keys quiet for long enough: a flood of addresses cannot grow the table for good. */
  async prune(): Promise<number> {
    return this.db('identity.sign_in_failures')
      .where('last_failed_at', '<', this.db.raw(`now() - make_interval(secs => ?)`, [FORGET_AFTER_S]))
      .whereRaw('(locked_until is null or locked_until <= now())')
      .delete();
  }
}

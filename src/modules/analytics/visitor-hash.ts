import { createHash, randomBytes, type Hash } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * Unique visitors without storing IPs: a visitor is the hash of a per-day random
 * salt, the client IP and the user agent. Salts live in `analytics.visitor_salts`
 * (shared by every process, so all count the same visitor alike) and are deleted
 * once their day is over (the hourly analytics.maintain task keeps only
 * yesterday's and today's, and so does each process's memory), after which nobody — not
 * even with the database — can tell which IP a stored hash came from. The same
 * person on two days is two visitors by design.
 */
export class VisitorHasher {
  /** Each day's SHA-256 state after its salt: the salt itself stays inside it. */
  private readonly salted = new Map<string, Hash>();

  constructor(private readonly db: Knex) {}

  /** Loads (creating if need be) the salts of the given UTC days, before `hash` is called for them. */
  async prepare(days: Iterable<string>): Promise<void> {
    const wanted = new Set(days);
    // Forget what the database forgets (forgetOldSalts): days before yesterday, unless this batch needs one.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    for (const day of this.salted.keys()) if (day < yesterday && !wanted.has(day)) this.salted.delete(day);
    const missing = [...wanted].filter((day) => !this.salted.has(day));
    if (missing.length === 0) return;
    // Whoever inserts a day's salt first wins; everyone then reads the winner.
    await this.db.raw(
      `insert into analytics.visitor_salts (day, salt)
       select d::date, s from unnest(?::text[], ?::bytea[]) as t(d, s) on conflict (day) do nothing`,
      [missing, missing.map(() => randomBytes(32))],
    );
    const { rows } = await this.db.raw<{ rows: { day: string; salt: Buffer }[] }>(
      "select to_char(day, 'YYYY-MM-DD') as day, salt from analytics.visitor_salts where day = any(?::date[])",
      [missing],
    );
    for (const row of rows) this.salted.set(row.day, createHash('sha256').update(row.salt));
  }

  /**
   * A signed 64-bit visitor id (the first 8 bytes of SHA-256 over salt, IP,
   * newline, user agent), as a decimal string for bigint. Each click starts
   * from a copy of the day's hash already fed its salt.
   */
  hash(day: string, ip: string, userAgent: string): string {
    const salted = this.salted.get(day);
    if (salted === undefined) throw new Error(`visitor salt for ${day} not prepared`);
    return salted.copy().update(`${ip}\n${userAgent}`).digest().readBigInt64BE(0).toString();
  }
}

/** Deletes the salts of days before yesterday (yesterday's is kept for late flushes). */
export async function forgetOldSalts(db: Knex): Promise<number> {
  const result = await db.raw("delete from analytics.visitor_salts where day < (now() at time zone 'UTC')::date - 1");
  return (result as { rowCount: number }).rowCount;
}

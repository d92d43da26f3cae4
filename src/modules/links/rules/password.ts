import { createHmac, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Link passwords: stored as scrypt hashes (node:crypto, run on libuv's
 * thread pool, so a check does not block the event loop), in the form
 * `scrypt$N$r$p$salt$key` so the cost can be raised for new hashes and old
 * ones still verify. OWASP's scrypt minimum is N=2^17, r=8; a link password
 * guards a redirect, not an account, and each guess is also slowed per visitor
 * (password-attempts.ts), so N=2^15 (32 MiB, some 50-100 ms of one core) is enough.
 */
const COST = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
const MAX_MEMORY = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...options, maxmem: MAX_MEMORY }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || key === undefined) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(N), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * What the unlock cookie holds after a correct password: its expiry and an
 * HMAC of the link and that expiry, keyed by the link's password hash. No
 * server secret is needed, and a new password (a new hash) voids every
 * cookie given out for the old one.
 */
export function unlockToken(linkId: string, passwordHash: string, expiresAtSeconds: number): string {
  return `${expiresAtSeconds}.${mac(linkId, passwordHash, expiresAtSeconds)}`;
}

export function isUnlocked(token: string | undefined, linkId: string, passwordHash: string, nowSeconds: number): boolean {
  if (token === undefined) return false;
  const dot = token.indexOf('.');
  const expiresAt = Number(token.slice(0, dot));
  if (dot < 1 || !Number.isInteger(expiresAt) || expiresAt <= nowSeconds) return false;
  const expected = Buffer.from(mac(linkId, passwordHash, expiresAt));
  const given = Buffer.from(token.slice(dot + 1));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function mac(linkId: string, passwordHash: string, expiresAt: number): string {
  return createHmac('sha256', passwordHash).update(`${linkId}.${expiresAt}`).digest('base64url');
}

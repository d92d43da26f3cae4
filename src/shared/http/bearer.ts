import { createHash, timingSafeEqual } from 'node:crypto';

/** The credential of an `Authorization: Bearer <token>` header (scheme case-insensitive, per RFC 9110). */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1];
}

/** Constant-time comparison of a bearer credential against a configured secret. */
export function bearerMatches(header: string | undefined, secret: string): boolean {
  const token = bearerToken(header);
  if (token === undefined) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(token), digest(secret));
}

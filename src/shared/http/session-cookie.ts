import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { parse, serialize } from 'cookie';

/**
 * The browser's credential: a session token in an HttpOnly cookie. It is
 * host-only (no Domain attribute), so a browser sends it back only to the
 * host that set it — never to another host this service answers for.
 * SameSite=Lax keeps it off cross-site subrequests; writes also need the
 * CSRF token (below), which a page of another origin cannot read.
 */
export const SESSION_COOKIE = 'shortline_session';

/** The header a cookie-authenticated write must carry. */
export const CSRF_HEADER = 'x-csrf-token';

export function sessionCookieToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined || !header.includes(SESSION_COOKIE)) return undefined;
  return parse(header)[SESSION_COOKIE];
}

export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return serialize(SESSION_COOKIE, token, { httpOnly: true, secure, sameSite: 'lax', path: '/', maxAge: maxAgeSeconds });
}

export function clearedSessionCookie(secure: boolean): string {
  return serialize(SESSION_COOKIE, '', { httpOnly: true, secure, sameSite: 'lax', path: '/', maxAge: 0 });
}

/**
 * The CSRF token of a session: derived from its token by a one-way hash, so
 * it needs no storage and no server secret, and knowing it reveals nothing
 * of the session token. The page reads it from GET /v1/session (same-origin
 * only) and sends it back as X-CSRF-Token on every write.
 */
export function csrfTokenOf(sessionToken: string): string {
  return createHash('sha256').update(`csrf:${sessionToken}`).digest('base64url');
}

export function csrfMatches(req: IncomingMessage, sessionToken: string): boolean {
  const sent = req.headers[CSRF_HEADER];
  if (typeof sent !== 'string') return false;
  const expected = Buffer.from(csrfTokenOf(sessionToken));
  const actual = Buffer.from(sent);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Methods that change nothing (RFC 9110 safe methods) need no CSRF token. */
export function isSafeMethod(method: string | undefined): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

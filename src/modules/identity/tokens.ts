import { createHash, randomBytes } from 'node:crypto';

/**
 * Every secret identity hands out: a kind prefix + 32 base64url characters
 * (192 random bits). Only the SHA-256 of the whole token is stored, so a
 * read of the database yields nothing usable; a slow password hash would add
 * nothing for tokens this random. The first 11 characters of an API key are
 * the prefix shown in lists and logs; the other kinds are never shown again.
 */
export const TOKEN_KINDS = {
  apiKey: 'sl_',
  session: 'ss_',
  invitation: 'si_',
  passwordReset: 'sr_',
} as const;

export type TokenKind = keyof typeof TOKEN_KINDS;

export interface GeneratedToken {
  token: string;
  prefix: string;
  hash: string;
}

const BODY = /^[A-Za-z0-9_-]{32}$/;

export function generateToken(kind: TokenKind): GeneratedToken {
  const token = `${TOKEN_KINDS[kind]}${randomBytes(24).toString('base64url')}`;
  return { token, prefix: token.slice(0, 11), hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Cheap shape check, so garbage never reaches the cache or the database. */
export function isToken(kind: TokenKind, candidate: string): boolean {
  return candidate.length === 35 && candidate.startsWith(TOKEN_KINDS[kind]) && BODY.test(candidate.slice(3));
}

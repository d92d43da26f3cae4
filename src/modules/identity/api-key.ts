import { createHash, randomBytes } from 'node:crypto';

/**
 * API key format: `sl_` + 32 base64url characters (192 random bits). The first 11
 * characters (`sl_` + 8) are the prefix shown in lists and logs; only the SHA-256
 * of the whole key is stored. A slow password hash would add nothing for keys this
 * random, and would put a costly computation on every authenticated request.
 */
export interface GeneratedKey {
  key: string;
  prefix: string;
  hash: string;
}

const KEY_PATTERN = /^sl_[A-Za-z0-9_-]{32}$/;

export function generateApiKey(): GeneratedKey {
  const key = `sl_${randomBytes(24).toString('base64url')}`;
  return { key, prefix: key.slice(0, 11), hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Cheap shape check, so garbage never reaches the cache or the database. */
export function looksLikeApiKey(candidate: string): boolean {
  return KEY_PATTERN.test(candidate);
}

import { randomBytes } from 'node:crypto';

/**
 * Slugs live in one public namespace per domain and are case-insensitive:
 * "Promo" and "promo" are the same link (a look-alike under another
 * workspace would be a phishing tool). The slug is stored as written and
 * matched in lower case; on a custom domain, with its hostname (linkKey).
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const GENERATED_SLUG_LENGTH = 7;

/** Custom slugs: 3-64 characters, letters, digits, '-' and '_', starting with a letter or digit. */
export const CUSTOM_SLUG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/;
/** What can be a slug at all (generated ones included); anything else is a 404 without a query. */
const ANY_SLUG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Paths the service uses or may use; a link there would shadow them. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'v1',
  'v2',
  'v3',
  'api',
  'healthz',
  'readyz',
  'livez',
  'metrics',
  'docs',
  'doc',
  'admin',
  'static',
  'assets',
  'public',
  'login',
  'logout',
  'signup',
  'register',
  'settings',
  'dashboard',
  'app',
  'www',
  'status',
  'robots',
  'favicon',
  'well-known',
  'shortline',
  'help',
  'about',
  'support',
]);

/** A random 7-character base62 slug (~41.7 bits); rejection sampling keeps it uniform. */
export function generateSlug(): string {
  let slug = '';
  while (slug.length < GENERATED_SLUG_LENGTH) {
    for (const byte of randomBytes(16)) {
      // 248 = 4 * 62: bytes at or above it would bias the first characters.
      if (byte < 248 && slug.length < GENERATED_SLUG_LENGTH) slug += ALPHABET[byte % 62];
    }
  }
  return slug;
}

/** Generated slugs a create draws for one link before it gives up (a collision is rare: there are 62^7 slugs). */
export const SLUG_ATTEMPTS = 5;

/**
 * A generated slug that is not reserved (slugs are 7 characters, as are a few
 * reserved words such as "healthz") and not among `taken`, which it joins.
 */
export function drawSlug(taken: Set<string>): string {
  let slug = generateSlug();
  while (isReservedSlug(slug) || taken.has(slugKey(slug))) slug = generateSlug();
  taken.add(slugKey(slug));
  return slug;
}

export function slugKey(slug: string): string {
  return slug.toLowerCase();
}

/**
 * A link's key in the slug directory, the redirect cache and the database's
 * index: the lower-cased slug on the default domain (as before domains
 * existed, so older keys stay valid), `<hostname>/<slug>` on a custom domain
 * (a hostname has no "/", a slug neither, so keys cannot collide).
 */
export function linkKey(domain: string | null | undefined, slug: string): string {
  return domain ? `${domain}/${slugKey(slug)}` : slugKey(slug);
}

export function isReservedSlug(slug: string): boolean {
  return RESERVED_SLUGS.has(slugKey(slug));
}

export function couldBeSlug(path: string): boolean {
  return ANY_SLUG_PATTERN.test(path);
}

import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';

/**
 * The rules of a custom domain's hostname. A hostname is stored and compared
 * in one form — lower-case, IDNA (punycode), without a trailing dot — which
 * is also how a request's Host is keyed (src/shared/http/host.ts), so a
 * look-up by Host needs no parsing.
 */
const MAX_LENGTH = 253;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Why `raw` cannot be a custom domain, or undefined if it can (then `normaliseHostname` gives its stored form). */
export function hostnameProblem(raw: string): string | undefined {
  if (raw.length === 0) return 'must not be empty';
  if (raw.length > MAX_LENGTH) return `must be at most ${MAX_LENGTH} characters`;
  if (/[\u0000-\u0020\u007f-\u009f]/.test(raw)) return 'must not contain spaces or control characters';
  if (/[/?#@\\]/.test(raw)) return 'must be a host name alone, such as go.example.com: no scheme, path, query or credentials';
  const bare = raw.replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare) !== 0) return 'must be a host name, not an IP address';
  if (raw.includes(':')) return 'must not have a port (custom domains are served on the ports Shortline is reached on)';
  const ascii = toAscii(raw);
  if (ascii === undefined) return 'must be a valid host name (letters, digits and hyphens in dot-separated labels)';
  if (ascii.length > MAX_LENGTH) return `must be at most ${MAX_LENGTH} characters once encoded as punycode`;
  const labels = ascii.split('.');
  if (labels.length < 2) return 'must have at least two labels, such as go.example.com';
  if (!labels.every((label) => LABEL.test(label))) return 'must be a valid host name (letters, digits and hyphens in dot-separated labels)';
  if (/^\d+$/.test(labels[labels.length - 1])) return 'must be a host name, not an IP address';
  if (ascii === 'localhost' || ascii.endsWith('.localhost')) return 'must be a public host name, not localhost';
  return undefined;
}

/** The stored form of a valid hostname: lower-case punycode without a trailing dot. */
export function normaliseHostname(raw: string): string {
  return toAscii(raw) ?? raw.toLowerCase();
}

function toAscii(raw: string): string | undefined {
  const ascii = domainToASCII(raw.replace(/\.+$/, ''));
  return ascii === '' ? undefined : ascii;
}

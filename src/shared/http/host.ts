/**
 * The host a request names, as hosts are compared: lower-case, without its
 * port or a trailing dot (`Go.Example.com.:443` → `go.example.com`; an IPv6
 * literal keeps its brackets, `[::1]`). Empty when the request names none.
 * Cheap enough for the fast lane: a few string operations, no parsing.
 */
export function hostKey(raw: string | undefined): string {
  if (raw === undefined || raw === '') return '';
  let host = raw;
  if (host.charCodeAt(0) === 91 /* [ */) {
    const end = host.indexOf(']');
    if (end > 0) host = host.slice(0, end + 1);
  } else {
    const colon = host.indexOf(':');
    if (colon >= 0) host = host.slice(0, colon);
  }
  if (host.charCodeAt(host.length - 1) === 46 /* . */) host = host.replace(/\.+$/, '');
  return host.toLowerCase();
}

/** The first of a header's values (`X-Forwarded-Host: a, b` → `a`), trimmed; undefined when absent or empty. */
export function firstHeaderValue(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return undefined;
  const comma = first.indexOf(',');
  const trimmed = (comma < 0 ? first : first.slice(0, comma)).trim();
  return trimmed === '' ? undefined : trimmed;
}

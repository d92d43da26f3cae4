import { BlockList, isIP } from 'node:net';

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

/** Loopback, and the unspecified addresses, which connect to this machine too. IPv4 rules also match IPv4-mapped IPv6. */
const THIS_MACHINE = new BlockList();
THIS_MACHINE.addSubnet('127.0.0.0', 8, 'ipv4');
THIS_MACHINE.addAddress('0.0.0.0', 'ipv4');
THIS_MACHINE.addAddress('::1', 'ipv6');
THIS_MACHINE.addAddress('::', 'ipv6');

/** Whether a host name (lower-case, no port; an IPv6 address in brackets or not) names this machine. */
export function isThisMachine(host: string): boolean {
  // RFC 6761: localhost and every name under it are loopback.
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const address = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const family = isIP(address);
  return family !== 0 && THIS_MACHINE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

import { BlockList, isIP } from 'node:net';

export interface Address {
  address: string;
  family: 4 | 6;
}

/**
 * The address to look up: an IPv4-mapped IPv6 address (`::ffff:203.0.113.7`,
 * what a dual-stack socket reports for an IPv4 client) as its IPv4 form, which
 * every database has; undefined when `ip` is no IP address.
 */
export function parseAddress(ip: string): Address | undefined {
  const address = ip.length > 7 && ip.charCodeAt(0) === 58 /* : */ && /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip) ? ip.slice(7) : ip;
  const family = isIP(address);
  return family === 0 ? undefined : { address, family: family as 4 | 6 };
}

/**
 * Whether no geolocation database places the address, which `parseAddress`
 * accepted: IPv4 this-network 0/8, private 10/8, 172.16/12 and 192.168/16,
 * shared (CGNAT) 100.64/10, loopback 127/8, link-local 169.254/16, multicast
 * and reserved 224/3; IPv6 unspecified, loopback, unique-local fc00::/7,
 * link-local fe80::/10 and multicast ff00::/8. A click from one (a visitor on
 * the same network, a proxy without TRUST_PROXY) has no country rather than
 * whatever a database might hold for the range.
 *
 * Arithmetic on the text rather than node:net's BlockList, whose check
 * crosses into C++ and parses the address again: 4.5 µs a call against
 * about 1.2 µs for the whole database look-up (`npm run bench:geo`).
 */
export function isLocal(address: string, family: 4 | 6): boolean {
  return family === 4 ? isLocalIPv4(address) : isLocalIPv6(address);
}

function isLocalIPv4(address: string): boolean {
  const dot = address.indexOf('.');
  const first = Number(address.slice(0, dot));
  const second = Number(address.slice(dot + 1, address.indexOf('.', dot + 1)));
  switch (first) {
    case 0:
    case 10:
    case 127:
      return true;
    case 100:
      return second >= 64 && second < 128;
    case 169:
      return second === 254;
    case 172:
      return second >= 16 && second < 32;
    case 192:
      return second === 168;
    default:
      return first >= 224;
  }
}

/** `::` and `::1`, however spelt; only addresses whose first group is 0 are checked against it. */
const unspecifiedOrLoopback = new BlockList();
unspecifiedOrLoopback.addAddress('::', 'ipv6');
unspecifiedOrLoopback.addAddress('::1', 'ipv6');

function isLocalIPv6(address: string): boolean {
  const colon = address.indexOf(':');
  const head = colon === 0 ? 0 : parseInt(address.slice(0, colon), 16);
  if (head >= 0xfc00 && head <= 0xfdff) return true;
  if (head >= 0xfe80 && head <= 0xfebf) return true;
  if (head >= 0xff00) return true;
  return head === 0 && unspecifiedOrLoopback.check(address, 'ipv6');
}

import { BlockList, isIP } from 'node:net';

/**
 * Addresses no geolocation database places: loopback, private, shared (CGNAT),
 * link-local, unique-local, unspecified, multicast and reserved. A click from
 * one (a visitor on the same network, a proxy without TRUST_PROXY) has no
 * country rather than whatever a database might hold for the range.
 */
const LOCAL: readonly (readonly [string, number, 'ipv4' | 'ipv6'])[] = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['224.0.0.0', 3, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];

const local = new BlockList();
for (const [network, prefix, family] of LOCAL) local.addSubnet(network, prefix, family);

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

/** Whether the address is one no database places (see LOCAL). */
export function isLocal(address: string, family: 4 | 6): boolean {
  return local.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

import { BlockList, isIP } from 'node:net';

/**
 * Where outbound calls may not connect unless allowed: the addresses an
 * attacker-supplied URL (a webhook, a link preview) could use to reach this
 * machine, its network or its cloud's metadata service (SSRF). IPv4 rules also
 * match IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`); NAT64, 6to4, Teredo,
 * IPv4-translated and the deprecated IPv4-compatible forms, which embed an IPv4
 * address, are refused whole.
 */
const FORBIDDEN: readonly (readonly [string, number, 'ipv4' | 'ipv6', string])[] = [
  ['0.0.0.0', 8, 'ipv4', 'this network'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'protocol assignments'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'benchmarking'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved or broadcast'],
  // Specific before general: the first match names the reason.
  ['::1', 128, 'ipv6', 'loopback'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::', 96, 'ipv6', 'IPv4-compatible'],
  ['::ffff:0:0:0', 96, 'ipv6', 'IPv4-translated'],
  ['100::', 64, 'ipv6', 'discard-only'],
  ['2001::', 32, 'ipv6', 'Teredo'],
  ['64:ff9b::', 96, 'ipv6', 'NAT64'],
  ['64:ff9b:1::', 48, 'ipv6', 'NAT64'],
  ['2002::', 16, 'ipv6', '6to4'],
  ['fc00::', 7, 'ipv6', 'unique local (private)'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['fec0::', 10, 'ipv6', 'site-local (deprecated, private)'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];

export class AddressPolicy {
  private readonly forbidden: { list: BlockList; reason: string }[];
  private readonly allowed = new BlockList();

  /**
   * `allow`: addresses or CIDR ranges permitted even though forbidden above
   * (tests and local development reach 127.0.0.1 this way), e.g.
   * `['127.0.0.1', '::1', '10.1.0.0/16']`.
   */
  constructor(allow: readonly string[] = []) {
    this.forbidden = FORBIDDEN.map(([network, prefix, family, reason]) => {
      const list = new BlockList();
      list.addSubnet(network, prefix, family);
      return { list, reason };
    });
    for (const entry of allow) {
      const [address, prefix] = entry.split('/');
      const family = isIP(address);
      if (family === 0) throw new Error(`not an IP address or CIDR range: ${entry}`);
      const type = family === 4 ? 'ipv4' : 'ipv6';
      const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix);
      if (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)) throw new Error(`not a CIDR range: ${entry}`);
      this.allowed.addSubnet(address, bits, type);
    }
  }

  /** Why connecting to `address` (an IP literal) is refused, or undefined if it is permitted. */
  refusal(address: string): string | undefined {
    const family = isIP(address);
    if (family === 0) return 'not an IP address';
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (this.allowed.check(address, type)) return undefined;
    const rule = this.forbidden.find(({ list }) => list.check(address, type));
    return rule && `${address} is a ${rule.reason} address`;
  }
}

import { BlockList, isIP } from 'node:net';
import { hostKey } from '../../shared/http/host';

/**
 * Which request hosts are the default domain, whose links have no `domain`:
 * PUBLIC_BASE_URL's host; when that host is this machine, every spelling of
 * this machine (so `npm run dev` and load tests against 127.0.0.1 work); the
 * hosts DEFAULT_DOMAIN_HOSTS lists; and with `*` there, every host no custom
 * domain claims. Any other host is unknown to the redirect: a 404, never
 * another domain's link.
 */
export class DefaultHosts {
  private readonly listed: ReadonlySet<string>;
  private readonly loopback: boolean;
  /** `*` in DEFAULT_DOMAIN_HOSTS: a host no custom domain claims is the default domain. */
  readonly anyUnclaimed: boolean;

  constructor(publicBaseUrl: string, setting: readonly string[]) {
    const base = hostKey(new URL(publicBaseUrl).host);
    this.listed = new Set([base, ...setting.filter((entry) => entry !== '*')]);
    this.loopback = isThisMachine(base);
    this.anyUnclaimed = setting.includes('*');
  }

  /** Whether `host` (a hostKey) is named as the default domain, without asking which custom domains exist. */
  named(host: string): boolean {
    return this.listed.has(host) || (this.loopback && isThisMachine(host));
  }
}

/** Loopback, and the unspecified addresses, which connect to this machine too. IPv4 rules also match IPv4-mapped IPv6. */
const THIS_MACHINE = new BlockList();
THIS_MACHINE.addSubnet('127.0.0.0', 8, 'ipv4');
THIS_MACHINE.addAddress('0.0.0.0', 'ipv4');
THIS_MACHINE.addAddress('::1', 'ipv6');
THIS_MACHINE.addAddress('::', 'ipv6');

function isThisMachine(host: string): boolean {
  // RFC 6761: localhost and every name under it are loopback.
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const address = host.charCodeAt(0) === 91 ? host.slice(1, -1) : host;
  const family = isIP(address);
  return family !== 0 && THIS_MACHINE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

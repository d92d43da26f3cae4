import { hostKey, isThisMachine } from '../../shared/http/host';

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

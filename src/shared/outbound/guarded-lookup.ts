import { lookup as dnsLookup, promises as dnsPromises, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import type { AddressPolicy } from './address-policy';

/** An outbound connection refused by the address policy. */
export class OutboundRefused extends Error {
  readonly code = 'OUTBOUND_REFUSED';
  constructor(host: string, why: string) {
    super(`Refusing to connect to ${host}: ${why}`);
    this.name = 'OutboundRefused';
  }
}

/**
 * A DNS lookup for http.Agent / net.connect that refuses a host if any address
 * it resolves to is forbidden. It runs at connect time, on the addresses the
 * socket will use, so a name that resolved harmlessly when a URL was checked
 * and differently now (DNS rebinding) is still caught. (Connecting to an IP
 * literal skips the lookup: check those with `policy.refusal` first.)
 */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    if (neverResolves(hostname)) return process.nextTick(() => callback(notFound(hostname), '', 0));
    const all: LookupAllOptions = { ...options, all: true };
    dnsLookup(hostname, all, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      if (addresses.some((a) => policy.refusal(a.address) !== undefined)) return callback(new OutboundRefused(hostname, nonPublic(hostname)), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/**
 * The reason given for a host name that resolves to a forbidden address. It
 * names neither the address nor its kind: the reason reaches API users (a
 * webhook's error), who must not learn what this network's internal names
 * resolve to. (An IP literal's reason names it: the user wrote it.)
 */
function nonPublic(host: string): string {
  return `${host} resolves to an address that is not public`;
}

/**
 * Why a call to `url` would be refused now, or undefined if it would be let
 * through: for checking a URL a user supplies (a webhook) when it is saved, so
 * the mistake is reported then. The connect-time check still applies later.
 */
export async function destinationRefusal(url: URL, policy: AddressPolicy): Promise<string | undefined> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${url.protocol} is not http or https`;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return policy.refusal(host);
  if (neverResolves(host)) return `${host} does not resolve`;
  try {
    const addresses = await dnsPromises.lookup(host, { all: true });
    return addresses.some((a) => policy.refusal(a.address) !== undefined) ? nonPublic(host) : undefined;
  } catch {
    return `${host} does not resolve`;
  }
}

/**
 * Names under `.invalid`, which RFC 6761 (section 6.4) reserves as never
 * resolving and asks resolver libraries to answer at once. Asking DNS anyway
 * costs a lookup per call and, under load, lookups slow enough to time out,
 * which a host's breaker would count (a test data set of links at
 * https://loadtest.invalid once opened its circuit that way).
 */
export function neverResolves(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'invalid' || name.endsWith('.invalid');
}

/** The error dns.lookup gives for a name that does not exist (the breaker does not count it). */
export function notFound(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname });
}

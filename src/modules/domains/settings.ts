import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { z } from 'zod';
import { defineSettings, integer, variable } from '../../shared/config';
import { hostKey } from '../../shared/http/host';

const commaList = (value: string) =>
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');

/** `1.1.1.1`, `1.1.1.1:53`, `::1`, `[::1]:5353`: what dns.Resolver#setServers takes. */
function isDnsServer(entry: string): boolean {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(entry);
  if (bracketed) return isIP(bracketed[1]) === 6 && (bracketed[2] === undefined || Number(bracketed[2]) <= 65535);
  if (isIP(entry) !== 0) return true;
  const withPort = /^([\d.]+):(\d{1,5})$/.exec(entry);
  return withPort !== null && isIP(withPort[1]) === 4 && Number(withPort[2]) <= 65535;
}

export const domainsSettings = defineSettings({
  title: 'Custom domains',
  variables: {
    DEFAULT_DOMAIN_HOSTS: variable(
      z
        .string()
        .transform(commaList)
        .refine((hosts) => hosts.every((host) => host === '*' || domainToASCII(hostKey(host)) !== '' || isIP(host.replace(/^\[|\]$/g, '')) !== 0), {
          message: 'must be a comma-separated list of host names, or * for any host no custom domain claims',
        })
        .transform((hosts) => hosts.map((host) => (host === '*' ? host : domainToASCII(hostKey(host)) || hostKey(host)))),
      {
        default: '',
        example: 'sho.rt,www.sho.rt',
        doc: "Request hosts, besides `PUBLIC_BASE_URL`'s (and every loopback name when that is one), whose short URLs are the default domain's links (those without a `domain`); `*`: any host no custom domain claims. Every other host answers 404 to a short URL. Set it when a proxy passes on another `Host` than `PUBLIC_BASE_URL`'s.",
      },
    ),
    DOMAINS_DNS_SERVERS: variable(
      z
        .string()
        .transform(commaList)
        .refine((servers) => servers.every(isDnsServer), {
          message:
            'must be a comma-separated list of DNS server addresses, each an IP with an optional port: 1.1.1.1, 9.9.9.9:53, [2606:4700::1111]:53',
        }),
      {
        default: '',
        example: '1.1.1.1,9.9.9.9',
        doc: "The DNS resolvers a domain's verification asks for its TXT record. Empty: the system's (`/etc/resolv.conf`).",
      },
    ),
    DOMAINS_DNS_TIMEOUT_MS: variable(integer(100, 60_000), {
      default: '5000',
      doc: "How long a domain's verification waits for each DNS answer (one retry) before it reports the resolver as not answering.",
    }),
    DOMAINS_PENDING_DAYS: variable(integer(0, 3650), {
      default: '7',
      doc: 'Days a domain may stay pending (unverified) before the re-check job deletes it, freeing its hostname for whoever can verify it; 0: pending domains stay.',
    }),
    DOMAINS_MAX_PER_WORKSPACE: variable(integer(1, 100_000), {
      default: '50',
      doc: 'Custom domains a workspace may have, pending or verified.',
    }),
  },
  build: (e) => ({
    defaultHosts: e.DEFAULT_DOMAIN_HOSTS,
    dnsServers: e.DOMAINS_DNS_SERVERS,
    dnsTimeoutMs: e.DOMAINS_DNS_TIMEOUT_MS,
    maxPerWorkspace: e.DOMAINS_MAX_PER_WORKSPACE,
    pendingDays: e.DOMAINS_PENDING_DAYS,
  }),
});

export type DomainsSettings = ReturnType<typeof domainsSettings.read>;

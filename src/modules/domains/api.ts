import type { DomainUsage, HostResolution } from './types';

/** What other modules (links' redirect and link writes) and the composition root may use of domains. */
export interface DomainsApi {
  /**
   * What a request's host (a hostKey: lower-case, no port, no trailing dot)
   * is to the redirect, without I/O: the default domain, a verified custom
   * domain, or unknown; undefined when it is not cached (then resolveHost).
   */
  cachedHost(host: string): HostResolution | undefined;
  /** The same answer, looked up on a cache miss; unknown hosts are cached as such for CACHE_NEGATIVE_TTL_S. */
  resolveHost(host: string): Promise<HostResolution>;
  /**
   * For a new link: the stored hostname of the workspace's verified domain
   * named `hostname` (any case, Unicode or punycode), or why it cannot be
   * used (unknown, another workspace's, not verified).
   */
  domainForLink(workspaceId: string, hostname: string): Promise<{ hostname: string } | { problem: string }>;
  /** Where domains asks whether links live on a domain before deleting it; the composition root connects links' answer. */
  connectUsage(usage: DomainUsage): void;
}

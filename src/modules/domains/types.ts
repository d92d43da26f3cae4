export type DomainStatus = 'pending' | 'verified';

/** A custom domain as the API shows it. */
export interface Domain {
  id: string;
  hostname: string;
  status: DomainStatus;
  /** The DNS record that proves the workspace owns the domain (see verification.ts). */
  verification: { type: 'TXT'; name: string; value: string };
  verifiedAt: string | null;
  /** The last DNS check, and what it found when it did not verify the domain. */
  checkedAt: string | null;
  checkProblem: string | null;
  rootUrl: string | null;
  notFoundUrl: string | null;
  /** Whether anyone may get the QR codes of the domain's links at `GET /<slug>/qr` (each link's `publicQr` too). */
  publicQr: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A domain as the redirect needs it, cached by hostname; treated as immutable. */
export interface DomainHost {
  id: string;
  workspaceId: string;
  hostname: string;
  /** Only a verified domain serves its links. */
  verified: boolean;
  /** Where `/` goes; null: the 404 page. */
  rootUrl: string | null;
  /** Where an unknown slug goes; null: the 404 page. */
  notFoundUrl: string | null;
  /** Whether the public QR codes of its links are served. */
  publicQr: boolean;
}

/**
 * What a request's host is to the redirect: the default domain (links
 * without a domain), a verified custom domain (its links), or unknown (a 404:
 * no custom domain serves it and it is not the default domain).
 */
export type HostResolution = 'default' | 'unknown' | DomainHost;

/**
 * What domains must know of the links on a domain, connected by the module
 * that stores links (DomainsApi.connectUsage): a domain with links is not
 * deleted.
 */
export interface DomainUsage {
  /** Whether any link lives on `hostname`. */
  inUse(hostname: string): Promise<boolean>;
}

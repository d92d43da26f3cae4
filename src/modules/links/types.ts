import type { CompiledRules } from './rules/destination';
import type { LinkRules } from './rules/link-rules';

export type RedirectType = 301 | 302 | 307 | 308;

/** A link as the API shows it: its rules (rules/link-rules.ts) are fields of its own. */
export interface Link extends LinkRules {
  id: string;
  slug: string;
  /** The hostname of the custom domain the link lives on; null for the default domain. */
  domain: string | null;
  shortUrl: string;
  url: string;
  title: string | null;
  tags: string[];
  expiresAt: string | null;
  redirectType: RedirectType;
  forwardQuery: boolean;
  /** Whether visitors must enter a password; the password itself is never shown. */
  passwordProtected: boolean;
  maxClicks: number | null;
  /** Whether anyone may get the link's QR code at `GET /<slug>/qr`; the API's `/v1/links/:id/qr` serves it either way. */
  publicQr: boolean;
  createdAt: string;
  updatedAt: string;
  /** The target page's title, description and image; null while previews are off or were never fetched. */
  preview: LinkPreview | null;
}

/**
 * What a link's target page says about itself, read in the background by the
 * links.fetch-preview job (jobs/fetch-preview.job.ts). `pending` until the job ran;
 * `blocked` when the address policy refused the target (SSRF), `failed` for
 * every other reason the page could not be read, with `error` saying why.
 */
export interface LinkPreview {
  status: 'pending' | 'ok' | 'failed' | 'blocked';
  title: string | null;
  description: string | null;
  /** An absolute http(s) URL. */
  image: string | null;
  error: string | null;
  /** When the job finished; null while pending. */
  fetchedAt: string | null;
}

/** What the redirect path needs of a link: cached per slug, treated as immutable. */
export interface RedirectTarget {
  linkId: string;
  workspaceId: string;
  url: string;
  redirectType: RedirectType;
  forwardQuery: boolean;
  /** Epoch milliseconds, or null for never. */
  expiresAt: number | null;
  /** The link's updatedAt in epoch milliseconds: which edit this is. */
  version: number;
  /** Null for a link without rules: the plain redirect. */
  rules: CompiledRules | null;
  /** For the public QR code (`GET /<slug>/qr`): the slug as written and the domain, which the short URL shows, and whether it is served. */
  slug: string;
  domain: string | null;
  publicQr: boolean;
}

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
  /** Clicks the link had on the platform it was imported from (a total the export gave); 0 for a link made here. Not in analytics. */
  importedClicks: number;
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

/** A row an import (the imports module) hands to links: another platform's link in Shortline's terms. */
export interface ImportedLink {
  url: string;
  slug?: string;
  /** A verified custom domain of the workspace; left out, the default domain. */
  domain?: string;
  title?: string;
  tags?: string[];
  /** An ISO 8601 date-time; one in the past imports the link already expired (it answers 410, as it did). */
  expiresAt?: string;
  /** The total clicks the source gave, shown as the link's `importedClicks`. */
  importedClicks?: number;
}

/**
 * What became of an imported row: `created`; `exists` when the workspace
 * already has the link (same slug, or same URL for a row without slug, and the
 * same target) — what makes a re-run create nothing; `taken` when its slug
 * is another target's (in this workspace or any); `invalid` with the field
 * and rule it breaks; `refused` past the workspace's link limit.
 */
export type ImportOutcome =
  | { outcome: 'created'; link: Link }
  | { outcome: 'exists'; linkId: string | null }
  | { outcome: 'taken' }
  | { outcome: 'invalid'; reason: string }
  | { outcome: 'refused'; reason: string };

import type { LinkRow, NewLinkRow } from './data/links-repository';
import type { LinkDraft } from './http/schemas';
import { hasRules, NO_RULES, type LinkRules } from './rules/link-rules';
import { PENDING_PREVIEW, previewHost } from './jobs/fetch-preview.job';
import type { Link } from './types';

/** Between the API's links and their rows: the row a create stores, and a stored row as the API shows it. */
export class LinkRows {
  constructor(
    private readonly publicBaseUrl: string,
    /** LINK_PREVIEWS: off means no preview at all, also one stored while previews were on. */
    private readonly previews: boolean,
  ) {}

  newRow(workspaceId: string, input: LinkDraft): Omit<NewLinkRow, 'slug'> {
    return {
      workspace_id: workspaceId,
      domain: input.domain ?? null,
      url: input.url,
      title: input.title ?? null,
      tags: input.tags ?? [],
      expires_at: input.expiresAt ? new Date(input.expiresAt) : null,
      redirect_type: input.redirectType ?? 302,
      forward_query: input.forwardQuery ?? false,
      rules: storedRules({
        targeting: input.targeting ?? [],
        variants: input.variants ?? [],
        utm: input.utm ?? null,
        socialPreview: input.socialPreview ?? null,
      }),
      password_hash: input.passwordHash ?? null,
      max_clicks: input.maxClicks ?? null,
      public_qr: input.publicQr ?? true,
      ...(input.importedClicks ? { imported_clicks: input.importedClicks } : {}),
      ...this.initialPreview(input.url),
    };
  }

  /** What a link's preview is from the write that sets its URL: pending a fetch from its host, or none with previews off. */
  initialPreview(url: string): Pick<LinkRow, 'preview' | 'preview_host'> {
    return this.previews ? { preview: PENDING_PREVIEW, preview_host: previewHost(url) } : { preview: null, preview_host: null };
  }

  toLink(row: LinkRow): Link {
    return {
      id: row.id,
      slug: row.slug,
      domain: row.domain,
      shortUrl: shortUrl(this.publicBaseUrl, row.slug, row.domain),
      url: row.url,
      title: row.title,
      tags: row.tags,
      expiresAt: row.expires_at ? row.expires_at.toISOString() : null,
      redirectType: row.redirect_type,
      forwardQuery: row.forward_query,
      ...(row.rules ?? NO_RULES),
      passwordProtected: row.password_hash !== null,
      maxClicks: row.max_clicks,
      publicQr: row.public_qr,
      importedClicks: Number(row.imported_clicks),
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      preview: this.previews ? row.preview : null,
    };
  }
}

/**
 * Where a link's short URL starts: PUBLIC_BASE_URL on the default domain; on
 * a custom domain its hostname, with PUBLIC_BASE_URL's scheme (a deployment
 * serving https serves its custom domains over https too) and no port.
 */
export function shortBase(publicBaseUrl: string, domain: string | null): string {
  return domain === null ? publicBaseUrl : `${publicBaseUrl.slice(0, publicBaseUrl.indexOf(':'))}://${domain}`;
}

/** The rules column: what `rules` holds of the API's fields, or null when it asks for nothing. */
export function storedRules(rules: LinkRules): LinkRules | null {
  const { targeting, variants, utm, socialPreview } = rules;
  return hasRules(rules) ? { targeting, variants, utm, socialPreview } : null;
}

/** The address a link is shared at: its domain (shortBase) and the slug as written (the API's `shortUrl`, what a QR code holds). */
export function shortUrl(publicBaseUrl: string, slug: string, domain: string | null): string {
  return `${shortBase(publicBaseUrl, domain)}/${slug}`;
}

/** A link as its events carry it: the API's fields without `preview`, which changes in the background and has no event. */
export type EventLink = Omit<Link, 'preview'>;

export function eventLink(link: Link): EventLink {
  const { preview: _preview, ...rest } = link;
  return rest;
}

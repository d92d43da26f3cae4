export type RedirectType = 301 | 302 | 307 | 308;

/** A link as the API shows it. */
export interface Link {
  id: string;
  slug: string;
  shortUrl: string;
  url: string;
  title: string | null;
  tags: string[];
  expiresAt: string | null;
  redirectType: RedirectType;
  forwardQuery: boolean;
  createdAt: string;
  updatedAt: string;
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
}

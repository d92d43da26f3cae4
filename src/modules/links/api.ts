import type { ClickSink } from './redirect/click-sink';
import type { ClickTotals } from './exports/link-export';
import type { ImportedLink, ImportOutcome, Link } from './types';

/** What other modules, the CLI and the composition root may use of links. */
export interface LinksApi {
  /** The link if it exists in this workspace (another workspace's id is as unknown as a made-up one). */
  getLink(workspaceId: string, id: string): Promise<Link | undefined>;
  /** The workspace's links among `ids`; ids not found are left out. */
  findLinks(workspaceId: string, ids: readonly string[]): Promise<Link[]>;
  /**
   * Where served redirects report their clicks from now on (the analytics
   * module connects itself; until then clicks are not recorded).
   */
  connectClickSink(sink: ClickSink): void;
  /** Where the links export reads each link's clicks (analytics connects itself; until then the export's `clicks` are empty). */
  connectClickTotals(totals: ClickTotals): void;
  /** Overrides LINKS_MAX_PER_WORKSPACE for one workspace; `null` restores the default. */
  setWorkspaceLimit(workspaceId: string, maxLinks: number | null): Promise<void>;
  /**
   * For a request the redirect answers (`GET /:slug`), or a public QR code
   * (`GET /:slug/qr`), on `host` (the request's Host as sent): the workspace
   * owning the slug on that host's domain — a custom domain's workspace, or
   * the service-wide slug directory's owner (undefined inside the promise:
   * nobody, or an unknown host). Undefined for any other request. How a
   * sharded deployment finds a redirect's shard without asking every shard.
   */
  slugOwner(method: string, path: string, host: string | undefined): Promise<string | undefined> | undefined;
  /** Whether any link lives on the custom domain `hostname` (domains asks before deleting one). */
  linksOnDomain(hostname: string): Promise<boolean>;
  /**
   * Creates a batch of links read from another platform's export (the
   * imports module), in one transaction, and says per row, in order, what
   * became of it (ImportOutcome): a link the workspace already has with the
   * same target is not created twice.
   */
  importLinks(workspaceId: string, links: readonly ImportedLink[]): Promise<ImportOutcome[]>;
}

import type { ClickSink } from './redirect/click-sink';
import type { Link } from './types';

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
  /** Overrides LINKS_MAX_PER_WORKSPACE for one workspace; `null` restores the default. */
  setWorkspaceLimit(workspaceId: string, maxLinks: number | null): Promise<void>;
  /**
   * For a request the redirect answers (`GET /:slug`), or a public QR code
   * (`GET /:slug/qr`): the workspace owning
   * the slug, from the service-wide slug directory (undefined inside the
   * promise: nobody). Undefined for any other request. How a sharded
   * deployment finds a redirect's shard without asking every shard.
   */
  slugOwner(method: string, path: string): Promise<string | undefined> | undefined;
}

import { cursorBatches } from '../../../shared/db/cursor';
import type { ExportSpec } from '../../../shared/http/export';
import type { LinkRow, LinksRepository } from '../data/links-repository';
import type { LinkRows } from '../link-rows';
import type { Link } from '../types';

/**
 * The port through which the links export learns each link's clicks: links
 * does not count clicks, analytics does (and depends on links), so analytics
 * connects itself through LinksApi.connectClickTotals, as it does the click sink.
 */
export interface ClickTotals {
  /** Each link's human clicks of all time (the rollups); a link without any may be left out. */
  totals(workspaceId: string, linkIds: readonly string[]): Promise<ReadonlyMap<string, number>>;
}

/** A link as the export writes it: the API's link and its clicks (null while nothing counts them). */
export type ExportedLink = Link & { clicks: number | null };

/** The CSV columns, as a Shortline import reads them (format `shortline`). */
export const LINK_EXPORT_COLUMNS = ['slug', 'url', 'domain', 'title', 'tags', 'expiresAt', 'createdAt', 'clicks'] as const;

export class LinkExport {
  private clickTotals: ClickTotals | undefined;

  constructor(
    private readonly repo: LinksRepository,
    private readonly rows: LinkRows,
    private readonly batchSize = 1000,
  ) {}

  connect(totals: ClickTotals): void {
    this.clickTotals = totals;
  }

  /** Every link of the workspace, oldest first, a batch at a time (a cursor: constant memory whatever their number). */
  async *batches(workspaceId: string): AsyncGenerator<ExportedLink[]> {
    for await (const rows of cursorBatches<LinkRow>(this.repo.db, this.repo.exportQuery(workspaceId), { size: this.batchSize })) {
      const links = rows.map((row) => this.rows.toLink(row));
      const totals = await this.clickTotals?.totals(
        workspaceId,
        links.map((link) => link.id),
      );
      yield links.map((link) => ({ ...link, clicks: totals ? (totals.get(link.id) ?? 0) : null }));
    }
  }

  spec(workspaceId: string): ExportSpec<ExportedLink> {
    return {
      kind: 'links',
      filename: 'links',
      columns: LINK_EXPORT_COLUMNS,
      csv: (link) => [link.slug, link.url, link.domain, link.title, link.tags.join(','), link.expiresAt, link.createdAt, link.clicks],
      json: (link) => link,
      batches: this.batches(workspaceId),
    };
  }
}

import type { Knex } from 'knex';
import { cursorBatches } from '../../shared/db/cursor';
import { NotFound } from '../../shared/errors';
import type { ExportSpec } from '../../shared/http/export';
import type { LinksApi } from '../links';
import { clickRange } from './range';
import type { ClickExportQuery } from './http/schemas';

/** A raw click as exports write it; the visitor's hash stays in the database. */
export interface ExportedClick {
  clickedAt: string;
  linkId: string;
  bot: boolean;
  referrerHost: string | null;
  country: string | null;
  city: string | null;
  device: string;
  browser: string;
  os: string;
  variant: string | null;
}

interface ClickRow {
  clicked_at: Date;
  link_id: string;
  is_bot: boolean;
  referrer_host: string | null;
  country: string | null;
  city: string | null;
  device: string;
  browser: string;
  os: string;
  variant: string | null;
}

export const CLICK_EXPORT_COLUMNS = ['clickedAt', 'linkId', 'bot', 'referrerHost', 'country', 'city', 'device', 'browser', 'os', 'variant'] as const;

/**
 * Raw clicks (kept CLICKS_RETENTION_DAYS) of a workspace or one of its links,
 * in time order, streamed through a cursor. The link is looked up through
 * links' API first: another workspace's link is as unknown as a made-up id.
 */
export class ClickExport {
  constructor(
    private readonly db: Knex,
    private readonly links: Pick<LinksApi, 'getLink'>,
    private readonly batchSize = 5000,
  ) {}

  async spec(workspaceId: string, linkId: string | null, query: ClickExportQuery): Promise<ExportSpec<ExportedClick>> {
    const range = clickRange(query);
    if (linkId !== null && !(await this.links.getLink(workspaceId, linkId))) throw new NotFound(`Link ${linkId} does not exist`);
    const sql = `select clicked_at, link_id, is_bot, referrer_host, country, city, device, browser, os, variant from analytics.clicks
      where workspace_id = ? ${linkId === null ? '' : 'and link_id = ?'} and clicked_at >= ? and clicked_at < ? order by clicked_at`;
    const bindings = [workspaceId, ...(linkId === null ? [] : [linkId]), range.from, range.to];
    const db = this.db;
    const size = this.batchSize;
    return {
      kind: 'clicks',
      filename: linkId === null ? 'clicks' : `clicks-${linkId}`,
      columns: CLICK_EXPORT_COLUMNS,
      csv: (c) => [c.clickedAt, c.linkId, c.bot, c.referrerHost, c.country, c.city, c.device, c.browser, c.os, c.variant],
      json: (c) => c,
      batches: (async function* () {
        for await (const rows of cursorBatches<ClickRow>(db, { sql, bindings }, { size })) yield rows.map(exportedClick);
      })(),
    };
  }
}

function exportedClick(row: ClickRow): ExportedClick {
  return {
    clickedAt: row.clicked_at.toISOString(),
    linkId: row.link_id,
    bot: row.is_bot,
    referrerHost: row.referrer_host,
    country: row.country,
    city: row.city,
    device: row.device,
    browser: row.browser,
    os: row.os,
    variant: row.variant,
  };
}

/** Each link's human clicks of all time, from the weekly rollups (a seventh of the daily rows). */
export async function clickTotals(db: Knex, workspaceId: string, linkIds: readonly string[]): Promise<Map<string, number>> {
  if (linkIds.length === 0) return new Map();
  const { rows } = await db.raw<{ rows: { link_id: string; clicks: number }[] }>(
    'select link_id, sum(clicks)::int as clicks from analytics.link_weekly where workspace_id = ? and link_id = any(?::uuid[]) group by link_id',
    [workspaceId, linkIds as string[]],
  );
  return new Map(rows.map((row) => [row.link_id, row.clicks]));
}

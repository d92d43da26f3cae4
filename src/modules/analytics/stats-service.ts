import type { Cache } from '../../shared/cache';
import type { ReadRouter } from '../../shared/db';
import { NotFound } from '../../shared/errors';
import type { Link, LinksApi } from '../links';

/** What stats read of links: the links themselves, in-process or through links' remote client. */
type LinkLookups = Pick<LinksApi, 'getLink' | 'findLinks'>;
import { alignRange, checkRange, type Range } from './range';
import type { BreakdownQuery, BreakdownStats, SeriesQuery, SeriesStats, WorkspaceQuery, WorkspaceStats } from './http/schemas';
import { StatsRepository, type Bucket } from './data/stats-repository';

/**
 * The stats use cases: check the caller may see the link (through the links
 * module's API: analytics never reads links' tables), check and align the range,
 * read the rollups. Results are cached briefly (STATS_CACHE_TTL_S) per query.
 */
export class StatsService {
  constructor(
    /** Rollups tolerate replica lag: clicks reach them seconds after the redirect anyway. */
    private readonly reads: ReadRouter,
    private readonly links: LinkLookups,
    private readonly cache: Cache<unknown>,
    private readonly maxRangeDays: number,
  ) {}

  async linkSeries(workspaceId: string, linkId: string, query: SeriesQuery): Promise<SeriesStats> {
    const input = checkRange(query, this.maxRangeDays);
    const key = `series:${workspaceId}:${linkId}:${query.from ?? 'now'}:${query.to ?? 'now'}:${query.interval}:${query.tz}`;
    return this.cached(key, async () => {
      await this.requireLink(workspaceId, linkId);
      return this.reads.forWorkspace(workspaceId, async (db) => {
        const range = await alignRange(db, input);
        return seriesStats(range, await new StatsRepository(db).series({ workspace: workspaceId, link: linkId }, range));
      });
    });
  }

  async linkBreakdown(workspaceId: string, linkId: string, query: BreakdownQuery): Promise<BreakdownStats> {
    return this.breakdown(workspaceId, linkId, query);
  }

  async workspaceBreakdown(workspaceId: string, query: BreakdownQuery): Promise<BreakdownStats> {
    return this.breakdown(workspaceId, null, query);
  }

  /** Of one link, or (linkId null) of every link of the workspace. */
  private async breakdown(workspaceId: string, linkId: string | null, query: BreakdownQuery): Promise<BreakdownStats> {
    const input = checkRange({ from: query.from, to: query.to, interval: 'day', tz: 'UTC' }, this.maxRangeDays);
    const key = `breakdown:${workspaceId}:${linkId ?? '*'}:${query.by}:${query.from ?? 'now'}:${query.to ?? 'now'}:${query.limit}`;
    return this.cached(key, async () => {
      if (linkId !== null) await this.requireLink(workspaceId, linkId);
      return this.reads.forWorkspace(workspaceId, async (db) => {
        // Dimensions are rolled up per UTC day: the range widens to whole days.
        const range = await alignRange(db, input);
        const fromDay = range.from.toISOString().slice(0, 10);
        const toDay = range.to.toISOString().slice(0, 10);
        const rows = await new StatsRepository(db).breakdown(workspaceId, linkId, query.by, fromDay, toDay, query.limit);
        const data = query.by === 'city' ? rows.map(cityRow) : rows;
        return { by: query.by, from: range.from.toISOString(), to: range.to.toISOString(), data };
      });
    });
  }

  async workspace(workspaceId: string, query: WorkspaceQuery): Promise<WorkspaceStats> {
    const input = checkRange(query, this.maxRangeDays);
    const key = `workspace:${workspaceId}:${query.from ?? 'now'}:${query.to ?? 'now'}:${query.interval}:${query.tz}:${query.limit}`;
    return this.cached(key, async () => {
      const { range, buckets, top } = await this.reads.forWorkspace(workspaceId, async (db) => {
        const repo = new StatsRepository(db);
        const aligned = await alignRange(db, input);
        const [series, links] = await Promise.all([
          repo.series({ workspace: workspaceId }, aligned),
          repo.topLinks(workspaceId, aligned.from, aligned.to, query.limit),
        ]);
        return { range: aligned, buckets: series, top: links };
      });
      const links = new Map(
        (
          await this.links.findLinks(
            workspaceId,
            top.map((t) => t.linkId),
          )
        ).map((link: Link) => [link.id, link]),
      );
      // A link deleted a moment ago may still be in the rollups until its link.deleted event is handled.
      const topLinks = top.flatMap(({ linkId, clicks }) => {
        const link = links.get(linkId);
        return link ? [{ linkId, slug: link.slug, domain: link.domain ?? null, url: link.url, clicks }] : [];
      });
      return { ...seriesStats(range, buckets), topLinks };
    });
  }

  private async requireLink(workspaceId: string, linkId: string): Promise<void> {
    if (!(await this.links.getLink(workspaceId, linkId))) throw new NotFound(`Link ${linkId} does not exist`);
  }

  private async cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    return (await this.cache.getOrLoad(key, load)) as T;
  }
}

/** A city's rollup value is its country's code, a slash and its name (rollup.job.ts): the answer names both apart. */
function cityRow(row: { value: string; clicks: number }): BreakdownStats['data'][number] {
  if (row.value === 'unknown' || row.value[2] !== '/') return row;
  return { value: row.value, clicks: row.clicks, country: row.value.slice(0, 2), city: row.value.slice(3) };
}

function seriesStats(range: Range, buckets: Bucket[]): SeriesStats {
  let [total, uniques, bots] = [0, 0, 0];
  for (const b of buckets) [total, uniques, bots] = [total + b.clicks, uniques + b.uniques, bots + b.bots];
  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    interval: range.interval,
    tz: range.tz,
    total,
    uniques,
    bots,
    series: buckets.map((b) => ({ t: b.t.toISOString(), clicks: b.clicks, uniques: b.uniques })),
  };
}

import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Click } from '../../links';
import { ensurePartitions, isMissingPartition, utcDay } from './partitions';
import { createEvent, type DomainEvent, type EventPublisher } from '../../../shared/events';
import { countryFromHeader, type Geolocator } from '../../../shared/geo';
import { linkClicked } from '../events';
import { scheduleRollup, type RollupTask } from '../jobs/rollup.job';
import type { UserAgentClassifier } from '../../../shared/http/user-agent';
import type { VisitorHasher } from '../visitor-hash';

/**
 * Writes one flush of clicks: enriches them (visitor hash, device, browser, OS,
 * bot, referrer host, country and city), inserts them with a single statement, and in the
 * same transaction records the batch as pending, schedules the rollup and
 * publishes link.clicked for the clicks of workspaces some subscriber listens
 * to — so rollups and subscribers see every stored click once, and no click
 * that was not stored.
 */
export class ClickWriter {
  constructor(
    private readonly db: Knex,
    private readonly hasher: VisitorHasher,
    private readonly agents: UserAgentClassifier,
    private readonly geo: Geolocator,
    private readonly rollup: RollupTask,
    private readonly events: EventPublisher,
  ) {}

  async write(clicks: readonly Click[]): Promise<void> {
    const days = clicks.map((click) => utcDay(click.at));
    await this.hasher.prepare(days);
    const batchId = randomBytes(8).readBigInt64BE(0) & 0x7fffffffffffffffn;
    const columns = this.columns(clicks, days);
    let [first, last] = [Infinity, -Infinity];
    for (const click of clicks) [first, last] = [Math.min(first, click.at), Math.max(last, click.at)];
    const batch = { batchId: batchId.toString(), first: new Date(first), last: new Date(last) };
    // Most workspaces have no link.clicked webhook: their clicks' events are not even built.
    const audience = await this.events.audience(linkClicked.type, new Set(clicks.map((click) => click.workspaceId)));
    const heard = clickedEvents(clicks, columns, audience);
    const insert = () =>
      this.db.transaction(async (trx) => {
        await trx.raw(INSERT_CLICKS, [batch.batchId, ...(columns as Knex.Value[])]);
        await scheduleRollup(trx, this.rollup, batch);
        if (heard.length > 0) await this.events.publish(trx, ...heard);
      });
    try {
      await insert();
    } catch (error) {
      if (!isMissingPartition(error)) throw error;
      // A day the partition task has not prepared (it runs hourly; or clicks held through a long outage).
      await ensurePartitions(this.db, days);
      await insert();
    }
  }

  private columns(clicks: readonly Click[], days: string[]): unknown[][] {
    const n = clicks.length;
    const cols: unknown[][] = Array.from({ length: 12 }, () => new Array<unknown>(n));
    for (let i = 0; i < n; i++) {
      const click = clicks[i];
      const agent = this.agents.classify(click.userAgent);
      const place = locate(click, this.geo);
      cols[0][i] = click.at;
      cols[1][i] = click.linkId;
      cols[2][i] = click.workspaceId;
      cols[3][i] = this.hasher.hash(days[i], click.ip ?? '', click.userAgent ?? '');
      cols[4][i] = agent.bot;
      cols[5][i] = referrerHost(click.referrer);
      cols[6][i] = place.country;
      cols[7][i] = agent.device;
      cols[8][i] = agent.browser;
      cols[9][i] = agent.os;
      cols[10][i] = place.city;
      cols[11][i] = click.variant ?? null;
    }
    return cols;
  }
}

/** link.clicked for each stored click of the `audience` workspaces, from the enriched columns. */
function clickedEvents(clicks: readonly Click[], cols: unknown[][], audience: ReadonlySet<string>): DomainEvent[] {
  const events: DomainEvent[] = [];
  clicks.forEach((click, i) => {
    if (!audience.has(click.workspaceId)) return;
    const data = {
      linkId: click.linkId,
      at: new Date(click.at).toISOString(),
      referrerHost: cols[5][i] as string | null,
      country: cols[6][i] as string | null,
      city: cols[10][i] as string | null,
      variant: cols[11][i] as string | null,
      device: cols[7][i] as string,
      browser: cols[8][i] as string,
      os: cols[9][i] as string,
      bot: cols[4][i] as boolean,
    };
    // A visitor's click: nobody's act, whatever request's context the flush ran in.
    events.push(createEvent(linkClicked, click.workspaceId, data, { occurredAt: new Date(click.at), actor: null }));
  });
  return events;
}

/** One statement per flush however many clicks: the columns travel as twelve arrays. */
const INSERT_CLICKS = `
  insert into analytics.clicks (clicked_at, link_id, workspace_id, batch_id, visitor, is_bot, referrer_host, country, device, browser, os, city, variant)
  select to_timestamp(t.ms / 1000.0), t.link_id, t.workspace_id, ?, t.visitor, t.is_bot, t.referrer_host, t.country, t.device, t.browser, t.os, t.city, t.variant
  from unnest(?::float8[], ?::uuid[], ?::uuid[], ?::bigint[], ?::boolean[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
    as t(ms, link_id, workspace_id, visitor, is_bot, referrer_host, country, device, browser, os, city, variant)`;

/** `https://www.news.example/a?b` → `news.example`; anything unparseable counts as direct. */
function referrerHost(referrer: string | undefined): string | null {
  if (referrer === undefined || referrer === '') return null;
  try {
    const host = new URL(referrer).hostname.toLowerCase();
    return host === '' ? null : host.startsWith('www.') ? host.slice(4) : host;
  } catch {
    return null;
  }
}

/**
 * The click's country and city. The trusted header's country wins when it
 * names one; the geolocation database gives the rest — the country when the
 * header gives none, and the city (from a city database) only when it is in
 * that country, so no city is counted under another country. Nothing is
 * looked up without an IP, nor for a country database when the header
 * answered already. The IP goes no further than this look-up and the
 * visitor hash.
 */
function locate(click: Click, geo: Geolocator): { country: string | null; city: string | null } {
  const header = countryFromHeader(click.country) ?? null;
  const found = !click.ip || (header !== null && !geo.cities) ? undefined : geo.locate(click.ip);
  const country = header ?? found?.country ?? null;
  return { country, city: found !== undefined && found.country === country ? found.city : null };
}

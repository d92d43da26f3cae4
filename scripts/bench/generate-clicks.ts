import knex from 'knex';
import { benchWorkspace } from './support/database';

/**
 * Generates a realistic click history straight into analytics.clicks with
 * generate_series (no HTTP, no buffer): `links` links of one new workspace,
 * popularity Zipf-like (link rank r gets clicks in proportion to 1/r), times
 * spread evenly over the last `days` days, a pool of visitors, a few referrers,
 * countries, devices, browsers and systems, and about 3% bots. The rollup tables
 * are then filled by set-based aggregation over all of it, with the same rules
 * as the incremental rollup (humans in clicks, bots apart, distinct visitors
 * per bucket): rolling 10 million clicks up batch by batch would take many
 * minutes, and the incremental path's speed is bench:ingest's to measure.
 *
 *   node dist-bench/scripts/bench/generate-clicks.js <DATABASE_URL> [clicks] [days] [links]
 *   (npm run bench:stats runs it against its own throwaway database)
 */
export interface GeneratedClicks {
  workspaceId: string;
  /** An all-scopes API key of the workspace. */
  apiKey: string;
  /** Link ids, most clicked first. */
  links: string[];
  clicks: number;
  generateSeconds: number;
  rollupSeconds: number;
}

export async function generateClicks(url: string, options: { clicks: number; days: number; links: number }): Promise<GeneratedClicks> {
  const { workspaceId, apiKey } = await benchWorkspace(url, 'stats bench');
  const db = knex({ client: 'pg', connection: url, pool: { min: 1, max: 2 } });
  try {
    const { rows: links } = await db.raw<{ rows: { id: string }[] }>(
      `insert into links.links (workspace_id, slug, url)
       select ?, 's' || lpad(i::text, 6, '0'), 'https://example.com/p/' || i from generate_series(1, ?) as i
       returning id`,
      [workspaceId, options.links],
    );
    const linkIds = links.map((l) => l.id);
    const started = Date.now();
    // Partitions for every day of the range (and today).
    await db.raw(
      `do $$ declare d date; begin
         for d in select generate_series((now() at time zone 'UTC')::date - ${options.days}, (now() at time zone 'UTC')::date, interval '1 day')::date loop
           execute format('create table if not exists analytics.%I partition of analytics.clicks for values from (%L) to (%L)',
             'clicks_' || to_char(d, 'YYYYMMDD'), d::text || 'T00:00:00Z', (d + 1)::text || 'T00:00:00Z');
         end loop; end $$`,
    );
    // Zipf-like: a uniform u in (0,1] maps to rank floor(n^u), which gives rank r a share close to 1/r.
    await db.raw(
      `insert into analytics.clicks (clicked_at, link_id, workspace_id, batch_id, visitor, is_bot, referrer_host, country, device, browser, os)
       select t, (?::uuid[])[least(?, floor(power(?, random()))::int)], ?,
              extract(epoch from date_trunc('hour', t))::bigint, (random() * 500000)::bigint, random() < 0.03,
              (array[null, 'google.com', 'news.ycombinator.com', 't.co', 'reddit.com', 'linkedin.com', 'mail.example.com'])[1 + floor(random() * 7)::int],
              (array[null, 'US', 'DE', 'FR', 'GB', 'IN', 'BR', 'JP', 'CA', 'AU'])[1 + floor(random() * 10)::int],
              (array['desktop', 'mobile', 'mobile', 'tablet'])[1 + floor(random() * 4)::int],
              (array['Chrome', 'Chrome', 'Mobile Safari', 'Firefox', 'Edge', 'Samsung Browser'])[1 + floor(random() * 6)::int],
              (array['Windows', 'Mac OS', 'iOS', 'Android', 'Linux'])[1 + floor(random() * 5)::int]
       from (select now() - random() * make_interval(days => ?) as t from generate_series(1, ?)) g`,
      [linkIds, options.links, options.links + 1, workspaceId, options.days, options.clicks],
    );
    await db.raw('analyze analytics.clicks');
    const generateSeconds = (Date.now() - started) / 1000;
    const rollStarted = Date.now();
    await db.transaction(async (trx) => {
      await trx.raw("set local work_mem = '256MB'");
      for (const sql of ROLLUPS) await trx.raw(sql);
    });
    await db.raw(
      'vacuum analyze analytics.link_hourly, analytics.link_daily, analytics.link_weekly, analytics.workspace_hourly, analytics.workspace_daily, analytics.dimension_daily',
    );
    return { workspaceId, apiKey, links: linkIds, clicks: options.clicks, generateSeconds, rollupSeconds: (Date.now() - rollStarted) / 1000 };
  } finally {
    await db.destroy();
  }
}

const bucket = { hour: "date_trunc('hour', clicked_at, 'UTC')", day: "(clicked_at at time zone 'UTC')::date" };
const counts = 'count(*) filter (where not is_bot), count(distinct visitor) filter (where not is_bot), count(*) filter (where is_bot)';
const ROLLUPS = [
  `insert into analytics.link_hourly (link_id, hour, workspace_id, clicks, uniques, bots)
   select link_id, ${bucket.hour}, workspace_id, ${counts} from analytics.clicks group by 1, 2, 3`,
  `insert into analytics.link_daily (link_id, day, workspace_id, clicks, uniques, bots)
   select link_id, ${bucket.day}, workspace_id, ${counts} from analytics.clicks group by 1, 2, 3`,
  `insert into analytics.link_weekly (link_id, week, workspace_id, clicks)
   select link_id, date_trunc('week', clicked_at, 'UTC')::date, workspace_id, count(*) from analytics.clicks where not is_bot group by 1, 2, 3`,
  `insert into analytics.workspace_hourly (workspace_id, hour, clicks, uniques, bots)
   select workspace_id, ${bucket.hour}, ${counts} from analytics.clicks group by 1, 2`,
  `insert into analytics.workspace_daily (workspace_id, day, clicks, uniques, bots)
   select workspace_id, ${bucket.day}, ${counts} from analytics.clicks group by 1, 2`,
  `insert into analytics.dimension_daily (link_id, dimension, day, value, clicks)
   select link_id, d.dimension, ${bucket.day}, d.value, count(*) from analytics.clicks
   cross join lateral (values ('referrer', coalesce(referrer_host, '(direct)')), ('country', coalesce(country, 'unknown')),
     ('device', device), ('browser', browser), ('os', os)) as d(dimension, value)
   where not is_bot group by 1, 2, 3, 4`,
];

if (require.main === module) {
  const [url, clicks = '10000000', days = '90', links = '1000'] = process.argv.slice(2);
  generateClicks(url, { clicks: Number(clicks), days: Number(days), links: Number(links) }).then(
    (result) =>
      console.log(`${result.clicks} clicks: generated in ${result.generateSeconds.toFixed(0)} s, rolled up in ${result.rollupSeconds.toFixed(0)} s`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

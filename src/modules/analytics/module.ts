import { analyticsMigrations } from '../../../migrations/analytics';
import { handle } from '../../shared/events';
import { callerAuth } from '../../shared/http/auth';
import type { ModuleDefinition } from '../../shared/module';
import type { RemoteIdentityApi } from '../identity';
import type { RemoteLinksApi } from '../links';
import type { AnalyticsApi } from './api';
import { analyticsSettings, type AnalyticsSettings } from './settings';
import { ClickBuffer } from './click-buffer';
import { ClickWriter } from './data/click-writer';
import { forgetDeletedLink } from './subscriptions';
import { maintenanceTask } from './jobs/maintain.job';
import { ensurePartitions, utcDay } from './data/partitions';
import { rollUpPending, rollupTask } from './jobs/rollup.job';
import { statsRouter } from './http/routes';
import { StatsRepository } from './data/stats-repository';
import { StatsService } from './stats-service';
import { UserAgentClassifier } from '../../shared/http/user-agent';
import { VisitorHasher } from './visitor-hash';
import { ClickExport, clickTotals } from './click-export';

/** What analytics uses of its dependencies: in-process, or their remote clients (docs/architecture/extraction.md). */
export interface AnalyticsDeps {
  identity: RemoteIdentityApi;
  links: RemoteLinksApi;
}

export const STATS_CACHE = 'analytics:stats';

/** The tables with workspaces' data (the batches and salts are per database, not per workspace). */
const WORKSPACE_TABLES = [
  'analytics.clicks',
  'analytics.link_hourly',
  'analytics.link_daily',
  'analytics.link_weekly',
  'analytics.workspace_hourly',
  'analytics.workspace_daily',
  'analytics.dimension_daily',
  'analytics.visitors_hourly',
  'analytics.visitors_daily',
  'analytics.workspace_visitors',
  'analytics.workspace_visitors_daily',
  'analytics.deleted_links',
];

export const analyticsModule: ModuleDefinition<AnalyticsApi, AnalyticsDeps, AnalyticsSettings> = {
  name: 'analytics',
  description: 'Click capture (buffered), daily-partitioned raw clicks, rollups and the stats API.',
  dependsOn: ['identity', 'links'],
  migrations: analyticsMigrations,
  settings: analyticsSettings,
  subscriptions: [forgetDeletedLink],
  create({ db, reads, config, settings, caches, events, logger, metrics, rateLimits, geo }, { identity, links }) {
    const rollup = rollupTask(db, settings.flushSize);
    const writer = new ClickWriter(db, new VisitorHasher(db), new UserAgentClassifier(), geo, rollup, events);
    const buffer = new ClickBuffer({
      flushIntervalMs: settings.flushIntervalMs,
      flushSize: settings.flushSize,
      maxBuffered: settings.bufferMax,
      stopBudgetMs: config.http.shutdownTimeoutMs,
      write: (clicks) => writer.write(clicks),
      logger,
      metrics,
    });
    const repo = new StatsRepository(db);
    // Stats are cheap to recompute and fine a few seconds old; a slow range may take longer than a redirect look-up.
    const cache = caches.create<unknown>(STATS_CACHE, {
      ttlSeconds: settings.cacheTtlSeconds,
      loadTimeoutMs: 10_000,
      enabled: settings.cacheTtlSeconds > 0 && config.cache.enabled,
    });
    const stats = new StatsService(reads, links, cache, settings.maxRangeDays);
    const totals = (workspaceId: string, linkIds: readonly string[]) => clickTotals(db, workspaceId, linkIds);
    return {
      api: {
        clickSink: buffer,
        flushClicks: () => buffer.flush(),
        rollUp: () => rollUpPending(db, settings.flushSize),
        clickTotals: totals,
      },
      router: statsRouter(
        stats,
        callerAuth(identity, { metrics, rateLimits }),
        {
          internalToken: config.remote.internalToken,
          write: (clicks) => writer.write(clicks),
          rollUp: () => rollUpPending(db, settings.flushSize),
          clickTotals: totals,
        },
        { clicks: new ClickExport(db, links), metrics, logger },
      ),
      tasks: [rollup, maintenanceTask(db, settings.retentionDays, logger)],
      // Rollups and the raw clicks kept (the export flushes and rolls up first, so no batch is pending).
      portable: {
        tables: WORKSPACE_TABLES.map((table) => ({ table })),
        async beforeImport(trx, table, rowsJson) {
          if (table !== 'analytics.clicks') return;
          const { rows } = await trx.raw<{ rows: { day: string }[] }>(
            "select distinct to_char((r->>'clicked_at')::timestamptz at time zone 'UTC', 'YYYY-MM-DD') as day from json_array_elements(?::json) r",
            [rowsJson],
          );
          await ensurePartitions(
            trx,
            rows.map((row) => row.day),
          );
        },
      },
      workspaceData: {
        tables: WORKSPACE_TABLES,
        async beforeImport(trx, table, rows) {
          if (table === 'analytics.clicks')
            await ensurePartitions(
              trx,
              rows.map((row) => utcDay(Date.parse(String(row.clicked_at)))),
            );
        },
      },
      handlers: [handle(forgetDeletedLink, (event, trx) => repo.forgetLink(trx, event.workspaceId, event.data.linkId))],
      stop: () => buffer.stop(),
    };
  },
};

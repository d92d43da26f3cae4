import express, { type Router } from 'express';
import { requireInternalToken } from '../../../shared/http/internal';
import { operation } from '../../../shared/http/operation';
import { route } from '../../../shared/http/route';
import type { CallerAuth } from '../../../shared/http/auth';
import type { Principal } from '../../identity';
import type { Click } from '../../links';
import {
  breakdownQuery,
  breakdownStatsSchema,
  clickBatch,
  clickExportQuery,
  clickTotalsBody,
  clickTotalsSchema,
  rollUpSchema,
  seriesQuery,
  seriesStatsSchema,
  workspaceQuery,
  workspaceStatsSchema,
} from './schemas';
import type { StatsService } from '../stats-service';
import type { ClickExport } from '../click-export';
import { exportResponse, sendExport } from '../../../shared/http/export';
import type { Logger } from '../../../shared/logging';
import type { Metrics } from '../../../shared/metrics';

const CLICK_COLUMNS_DOC =
  'CSV columns: `clickedAt,linkId,bot,referrerHost,country,city,device,browser,os,variant` (text cells quoted; an empty cell is unknown). NDJSON: one object per line with the same fields. Raw clicks are kept CLICKS_RETENTION_DAYS; older ones live on only in the stats.';
const CLICK_LINE = '`{ clickedAt, linkId, bot, referrerHost, country, city, device, browser, os, variant }`';

/** The stats API (scope analytics:read): parse, call the service, respond. */
export function statsRouter(
  service: StatsService,
  auth: CallerAuth<Principal>,
  internal: {
    internalToken: string | undefined;
    write(clicks: readonly Click[]): Promise<void>;
    rollUp(): Promise<{ batches: number; clicks: number }>;
    clickTotals(workspaceId: string, linkIds: readonly string[]): Promise<ReadonlyMap<string, number>>;
  },
  exports: { clicks: ClickExport; metrics: Metrics; logger: Logger },
): Router {
  const router = express.Router();
  const tag = 'analytics';
  // For a process that serves redirects without running analytics (remote.ts):
  // its flushed clicks, written as a local flush would be, and AnalyticsApi.rollUp.
  if (internal.internalToken !== undefined) {
    const guard = requireInternalToken(internal.internalToken);
    route(router, '/internal/analytics/clicks', {
      post: operation(
        {
          tag,
          summary: 'Write a click batch',
          description: 'A flush of a process that serves redirects without running analytics, written as a local flush would be.',
          internal: true,
          guard,
          body: clickBatch,
          responses: { 204: { description: 'Written' } },
        },
        async ({ body }, _req, res) => {
          await internal.write(
            body.clicks.map((c): Click => ({
              linkId: c.linkId,
              workspaceId: c.workspaceId,
              at: c.at,
              referrer: c.referrer,
              userAgent: c.userAgent,
              ip: c.ip,
              country: c.country,
              variant: c.variant,
            })),
          );
          res.status(204).end();
        },
      ),
    });
    route(router, '/internal/analytics/rollup', {
      post: operation(
        {
          tag,
          summary: 'Roll up written clicks',
          description: 'Rolls up every written batch now, as the rollup job does (AnalyticsApi.rollUp of another process).',
          internal: true,
          guard,
          responses: { 200: { description: 'What was rolled up', schema: rollUpSchema } },
        },
        async (_input, _req, res) => void res.json(await internal.rollUp()),
      ),
    });
    route(router, '/internal/analytics/click-totals', {
      post: operation(
        {
          tag,
          summary: 'Count clicks of links',
          description: "Each link's human clicks of all time (AnalyticsApi.clickTotals of another process: the links export).",
          internal: true,
          guard,
          body: clickTotalsBody,
          responses: { 200: { description: 'The totals', schema: clickTotalsSchema } },
        },
        async ({ body }, _req, res) => void res.json({ totals: Object.fromEntries(await internal.clickTotals(body.workspaceId, body.linkIds)) }),
      ),
    });
  }
  const read = auth.requireScope('analytics:read');
  const workspace = (res: express.Response) => auth.principalOf(res).workspaceId;

  route(router, '/v1/links/:id/stats', {
    get: operation(
      {
        tag,
        summary: 'Get link stats',
        description: "The link's clicks over a range, by hour or by local day, zero-filled; the range widens to whole buckets.",
        guard: read,
        ids: { id: 'Link' },
        query: seriesQuery,
        responses: { 200: { description: "The link's clicks", schema: seriesStatsSchema } },
      },
      async ({ query }, req, res) => void res.json(await service.linkSeries(workspace(res), String(req.params.id), query)),
    ),
  });
  route(router, '/v1/links/:id/stats/breakdown', {
    get: operation(
      {
        tag,
        summary: 'Get link stats breakdown',
        description:
          "The link's clicks per referrer, country, city, device, browser, OS or A/B variant; the range widens to whole UTC days. Countries and cities come from the CDN's header (`CLICK_COUNTRY_HEADER`) or the geolocation database (`GEOIP_DB`); the database shipped with Shortline is [IP Geolocation by DB-IP](https://db-ip.com) (CC BY 4.0), countries only.",
        guard: read,
        ids: { id: 'Link' },
        query: breakdownQuery,
        responses: { 200: { description: "The link's clicks per value", schema: breakdownStatsSchema } },
      },
      async ({ query }, req, res) => void res.json(await service.linkBreakdown(workspace(res), String(req.params.id), query)),
    ),
  });
  route(router, '/v1/links/:id/clicks/export', {
    get: operation(
      {
        tag,
        summary: 'Export link clicks',
        description: `The link's raw clicks over a range, oldest first, streamed whatever their number. ${CLICK_COLUMNS_DOC}`,
        guard: read,
        ids: { id: 'Link' },
        query: clickExportQuery,
        responses: { 200: exportResponse("The link's clicks, as a download", CLICK_LINE) },
      },
      async ({ query }, req, res) =>
        sendExport(res, query.format, await exports.clicks.spec(workspace(res), String(req.params.id), query), exports.metrics, exports.logger),
    ),
  });
  route(router, '/v1/clicks/export', {
    get: operation(
      {
        tag,
        summary: 'Export clicks',
        description: `The raw clicks of every link of the workspace over a range, oldest first, streamed whatever their number. ${CLICK_COLUMNS_DOC}`,
        guard: read,
        query: clickExportQuery,
        responses: { 200: exportResponse("The workspace's clicks, as a download", CLICK_LINE) },
      },
      async ({ query }, _req, res) =>
        sendExport(res, query.format, await exports.clicks.spec(workspace(res), null, query), exports.metrics, exports.logger),
    ),
  });
  route(router, '/v1/stats', {
    get: operation(
      {
        tag,
        summary: 'Get workspace stats',
        description: "The workspace's clicks over a range, as for a link, and its most clicked links.",
        guard: read,
        query: workspaceQuery,
        responses: { 200: { description: "The workspace's clicks", schema: workspaceStatsSchema } },
      },
      async ({ query }, _req, res) => void res.json(await service.workspace(workspace(res), query)),
    ),
  });
  route(router, '/v1/stats/breakdown', {
    get: operation(
      {
        tag,
        summary: 'Get workspace stats breakdown',
        description: "The clicks of all the workspace's links per referrer, country, city, device, browser, OS or A/B variant, as for a link.",
        guard: read,
        query: breakdownQuery,
        responses: { 200: { description: "The workspace's clicks per value", schema: breakdownStatsSchema } },
      },
      async ({ query }, _req, res) => void res.json(await service.workspaceBreakdown(workspace(res), query)),
    ),
  });
  return router;
}

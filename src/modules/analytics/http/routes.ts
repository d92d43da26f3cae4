import express, { type Router } from 'express';
import { NotFound } from '../../../shared/errors';
import { requireInternalToken } from '../../../shared/http/internal';
import { route } from '../../../shared/http/route';
import { idParam, parseBody, parseQuery } from '../../../shared/http/validate';
import type { BearerAuth } from '../../../shared/http/auth';
import type { Principal } from '../../identity';
import type { Click } from '../../links';
import { breakdownQuery, clickBatch, seriesQuery, workspaceQuery } from './schemas';
import type { StatsService } from '../stats-service';

/** The stats API (scope analytics:read): parse, call the service, respond. */
export function statsRouter(
  service: StatsService,
  auth: BearerAuth<Principal>,
  internal: {
    internalToken: string | undefined;
    write(clicks: readonly Click[]): Promise<void>;
    rollUp(): Promise<{ batches: number; clicks: number }>;
  },
): Router {
  const router = express.Router();
  // For a process that serves redirects without running analytics (remote.ts):
  // its flushed clicks, written as a local flush would be, and AnalyticsApi.rollUp.
  if (internal.internalToken !== undefined) {
    const guard = requireInternalToken(internal.internalToken);
    route(router, '/internal/analytics/clicks', {
      post: [
        guard,
        async (req, res) => {
          const { clicks } = parseBody(clickBatch, req);
          await internal.write(
            clicks.map((c): Click => ({
              linkId: c.linkId,
              workspaceId: c.workspaceId,
              at: c.at,
              referrer: c.referrer,
              userAgent: c.userAgent,
              ip: c.ip,
              country: c.country,
            })),
          );
          res.status(204).end();
        },
      ],
    });
    route(router, '/internal/analytics/rollup', {
      post: [guard, async (_req, res) => void res.json(await internal.rollUp())],
    });
  }
  const read = auth.requireScope('analytics:read');
  const workspace = (res: express.Response) => auth.principalOf(res).workspaceId;
  const linkId = (req: express.Request) => idParam(req, (id) => new NotFound(`Link ${id} does not exist`));

  route(router, '/v1/links/:id/stats', {
    get: [read, async (req, res) => void res.json(await service.linkSeries(workspace(res), linkId(req), parseQuery(seriesQuery, req)))],
  });
  route(router, '/v1/links/:id/stats/breakdown', {
    get: [read, async (req, res) => void res.json(await service.linkBreakdown(workspace(res), linkId(req), parseQuery(breakdownQuery, req)))],
  });
  route(router, '/v1/stats', {
    get: [read, async (req, res) => void res.json(await service.workspace(workspace(res), parseQuery(workspaceQuery, req)))],
  });
  return router;
}

import express, { type RequestHandler, type Router } from 'express';
import type { Cell } from '../cell';
import { MAIN_SHARD } from '../../shared/config';
import { Unavailable } from '../../shared/errors';
import { bearerToken } from '../../shared/http/bearer';
import { sessionCookieToken } from '../../shared/http/session-cookie';
import type { HttpAppOptions } from '../../shared/http/app';

/**
 * HTTP in a sharded deployment (SHARDS): each request is served by the
 * modules of the cell whose database holds its workspace.
 *
 * - A cached redirect is answered first by whichever cell has the slug in
 *   its cache (every cell's fast path is offered the request; a slug is
 *   cached in one cell only).
 * - Anything else goes to the router of one cell, chosen by the request's
 *   workspace: for `GET /:slug` the owner of the slug on the request's host
 *   (a custom domain's workspace, or the slug directory's owner), for an API
 *   call the workspace of its API key or session cookie (all cached); the
 *   global modules' routes (identity, domains) and requests without either go
 *   to main, which answers them (or 401/404).
 * - While `workspace:move` runs, the workspace's writes get 503 with
 *   Retry-After; its reads and redirects go on from the old shard.
 */
export function shardRouter(cells: ReadonlyMap<string, Cell>, main: Cell): Pick<HttpAppOptions, 'fastPaths' | 'hotPaths' | 'routers'> {
  const identity = main.apis.get('identity');
  const links = main.apis.get('links');
  const routers = new Map([...cells].map(([shard, cell]) => [shard, cellRouter(cell)]));
  const globalRouters = main.modules.flatMap(({ definition, instance }) => (definition.global && instance.router ? [instance.router] : []));

  // The workspace whose valid API key or session a request carries, if any: no scope or CSRF check and no error, only routing.
  const workspaceOfCredential = async (token: string | undefined) =>
    token === undefined ? undefined : (identity.cachedPrincipal(token) ?? (await identity.authenticate(token)))?.workspaceId;

  const dispatch: RequestHandler = async (req, res, next) => {
    const credential = bearerToken(req.headers.authorization) ?? sessionCookieToken(req);
    const workspaceId = await (links.slugOwner(req.method, req.path, req.host) ?? workspaceOfCredential(credential));
    const placement = workspaceId === undefined ? undefined : await identity.placementOf(workspaceId);
    if (placement?.movingSince && req.method !== 'GET' && req.method !== 'HEAD') {
      throw new Unavailable('This workspace is being moved to another database; its changes resume within seconds', 5);
    }
    const router = routers.get(placement?.shard ?? MAIN_SHARD);
    if (!router) throw new Unavailable(`This workspace's database (shard "${placement!.shard}") is not configured in SHARDS`, 30);
    router(req, res, next);
  };

  return {
    fastPaths: [...cells.values()].flatMap((cell) => cell.modules.flatMap(({ instance }) => (instance.fastPath ? [instance.fastPath] : []))),
    hotPaths: [],
    routers: [...globalRouters, express.Router().use(dispatch)],
  };
}

/** One cell's hot paths and routers (the global modules' excepted: they are served once, from main), as one router. */
function cellRouter(cell: Cell): Router {
  const router = express.Router();
  cell.modules.forEach(({ definition, instance }) => {
    if (definition.global) return;
    if (instance.hotPath) router.use(instance.hotPath);
    if (instance.router) router.use(instance.router);
  });
  return router;
}

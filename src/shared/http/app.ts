import express, { type Express, type RequestHandler, type Router } from 'express';
import type { Logger } from '../logging';
import type { Metrics } from '../metrics';
import { bearerMatches } from './bearer';
import { NotFound, Unauthorized, Unavailable } from './errors';
import { enterRequestContext, observeRequests } from './observe';
import { problemHandler } from './problem';
import { route } from './route';
import { securityHeaders } from './security-headers';

export interface Readiness {
  ready: boolean;
  /** Human-readable reason when not ready, e.g. the pending migrations. */
  detail?: string;
}

export interface HttpAppOptions {
  logger: Logger;
  metrics: Metrics;
  bodyLimit: string;
  accessLog: boolean;
  metricsToken: string | undefined;
  checkReadiness(): Promise<Readiness>;
  /** Express 'trust proxy': which X-Forwarded-For hops to believe for req.ip. */
  trustProxy?: boolean | number;
  /** Module hot paths (see ModuleInstance.hotPath), run before every route. */
  hotPaths?: RequestHandler[];
  /** Module routers, mounted at `/` in order. */
  routers: Router[];
}

/** Builds the Express app: platform middleware and endpoints around the module routers. */
export function createHttpApp(options: HttpAppOptions): Express {
  const { logger, metrics } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.set('trust proxy', options.trustProxy ?? false);

  app.use(observeRequests(logger, metrics, options.accessLog));
  app.use(securityHeaders());
  const parseJson = express.json({ limit: options.bodyLimit, type: ['application/json', 'application/*+json'] });
  // GET and HEAD carry no body here; skipping the parser keeps reads (redirects above all) cheap.
  app.use((req, res, next) => (req.method === 'GET' || req.method === 'HEAD' ? next() : parseJson(req, res, next)));

  for (const hotPath of options.hotPaths ?? []) app.use(hotPath);
  app.use(enterRequestContext());

  const platform = express.Router();
  route(platform, '/healthz', { get: (_req, res) => void res.json({ status: 'ok' }) });
  route(platform, '/readyz', {
    get: async (_req, res) => {
      const readiness = await options.checkReadiness();
      if (!readiness.ready) throw new Unavailable(readiness.detail ?? 'not ready', 5);
      res.json({ status: 'ready' });
    },
  });
  route(platform, '/metrics', {
    get: async (req, res) => {
      if (options.metricsToken !== undefined && !bearerMatches(req.headers.authorization, options.metricsToken)) {
        throw new Unauthorized('GET /metrics needs Authorization: Bearer <METRICS_TOKEN>');
      }
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    },
  });
  app.use(platform);
  for (const router of options.routers) app.use(router);

  app.use((req) => {
    throw new NotFound(`No route for ${req.method} ${req.path}`);
  });
  app.use(problemHandler(logger));
  return app;
}

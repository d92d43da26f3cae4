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

  app.use(front(options));
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

/**
 * Everything that runs before the routes, as one middleware: observation, the
 * security headers, the JSON body parser (skipped for GET and HEAD, which carry
 * no body here) and the modules' hot paths, in that order. One Express layer
 * instead of one per step: each layer's dispatch is a measurable share of a
 * cached redirect (docs/PERFORMANCE.md).
 */
function front(options: HttpAppOptions): RequestHandler {
  const observe = observeRequests(options.logger, options.metrics, options.accessLog);
  const setSecurityHeaders = securityHeaders();
  const parseJson = express.json({ limit: options.bodyLimit, type: ['application/json', 'application/*+json'] });
  const hotPaths = options.hotPaths ?? [];
  return (req, res, next) => {
    observe(req, res);
    setSecurityHeaders(res);
    const runHotPaths = (index: number, error?: unknown): void => {
      if (error !== undefined) return next(error);
      if (index === hotPaths.length) return next();
      const result: unknown = hotPaths[index](req, res, (err?: unknown) => runHotPaths(index + 1, err));
      // A hot path may return a promise (an async look-up); its rejection is an error like any other.
      if (result instanceof Promise) result.catch(next);
    };
    if (req.method === 'GET' || req.method === 'HEAD') return runHotPaths(0);
    parseJson(req, res, (error?: unknown) => runHotPaths(0, error));
  };
}

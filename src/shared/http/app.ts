import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Express, type RequestHandler, type Router } from 'express';
import { AggregatorRegistry, type Registry } from 'prom-client';
import proxyaddr from 'proxy-addr';
import { errorFields, type Logger } from '../logging';
import type { Metrics } from '../metrics';
import { bearerMatches } from './bearer';
import { firstHeaderValue } from './host';
import { NotFound, Unauthenticated, Unavailable } from '../errors';
import type { FastLane, FastPath } from './fast-lane';
import { enterRequestContext, observeRequests, type Observe, type RequestLocals } from './observe';
import { problemHandler } from './problem';
import { apiReference } from './api-reference';
import { guard, operation } from './operation';
import { openApiDocument } from './openapi';
import { operationsOf, route, type DocumentedOperation } from './route';
import { z } from 'zod';
import { securityHeaders } from './security-headers';
import { webApp, webAppOperations, type WebAppOptions } from './web-app';

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
  /** Registries of the shards' cells (SHARDS), served in /metrics with main's. */
  shardRegistries?: Registry[];
  checkReadiness(): Promise<Readiness>;
  /** Express 'trust proxy': which X-Forwarded-For hops to believe for req.ip. */
  trustProxy?: boolean | number;
  /** Module fast paths (see ModuleInstance.fastPath), tried before Express sees the request. */
  fastPaths?: FastPath[];
  /** Module hot paths (see ModuleInstance.hotPath), run before every route. */
  hotPaths?: RequestHandler[];
  /** Module routers, mounted at `/` in order. */
  routers: Router[];
  /** The modules' operations, for the OpenAPI document (their routers may be wrapped, as with SHARDS). */
  operations?: readonly DocumentedOperation[];
  /** A single-page web app (the dashboard), served ahead of the module routers; see web-app.ts. */
  webApp?: WebAppOptions;
}

/** Builds the Express app: platform middleware and endpoints around the module routers. */
export function createHttpApp(options: HttpAppOptions): Express {
  const { logger, metrics } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.set('trust proxy', options.trustProxy ?? false);

  const observe = observeRequests(logger, metrics, options.accessLog);
  const setSecurityHeaders = securityHeaders();
  installFastLane(app, options, observe, setSecurityHeaders);
  app.use(front(options, observe, setSecurityHeaders));
  app.use(enterRequestContext());

  const platform = platformRouter(options);
  let document: ReturnType<typeof openApiDocument> | undefined;
  const reference = apiReference(() => {
    const web = options.webApp ? webAppOperations(options.webApp.base) : [];
    document ??= openApiDocument([...operationsOf(platform), ...operationsOf(reference), ...web, ...(options.operations ?? [])], API_INFO);
    return document;
  });
  app.use(platform);
  app.use(reference);
  if (options.webApp) app.use(webApp(options.webApp));
  for (const router of options.routers) app.use(router);

  app.use((req) => {
    throw new NotFound(`No route for ${req.method} ${req.path}`);
  });
  app.use(problemHandler(logger));
  return app;
}

const API_INFO = {
  title: 'Shortline',
  version: 'v1',
  description:
    'Short links, fast redirects, click analytics and webhooks. Errors are RFC 9457 problem documents (application/problem+json); ' +
    'API calls authenticate with `Authorization: Bearer <API key>`, each operation naming the scope its key needs. ' +
    "Visitors' countries come from a CDN's header or a local database: unless GEOIP_DB names another, [IP Geolocation by DB-IP](https://db-ip.com) (CC BY 4.0).",
};

const status = (value: string) => z.object({ status: z.literal(value) });

/** Health, readiness and metrics: the platform's own operations. */
function platformRouter(options: HttpAppOptions): Router {
  const { metrics } = options;
  const platform = express.Router();
  route(platform, '/healthz', {
    get: operation(
      { tag: 'platform', summary: 'Liveness', responses: { 200: { description: 'The process is up', schema: status('ok') } } },
      (_input, _req, res) => void res.json({ status: 'ok' }),
    ),
  });
  route(platform, '/readyz', {
    get: operation(
      {
        tag: 'platform',
        summary: 'Readiness',
        description: 'Ready when every database answers and its migrations are applied.',
        responses: { 200: { description: 'Ready to serve', schema: status('ready') } },
      },
      async (_input, _req, res) => {
        const readiness = await options.checkReadiness();
        if (!readiness.ready) throw new Unavailable(readiness.detail ?? 'not ready', 5);
        res.json({ status: 'ready' });
      },
    ),
  });
  const metricsGuard = guard(
    (req, _res, next) => {
      if (options.metricsToken !== undefined && !bearerMatches(req.headers.authorization, options.metricsToken)) {
        throw new Unauthenticated('GET /metrics needs Authorization: Bearer <METRICS_TOKEN>');
      }
      next();
    },
    { scheme: 'metricsToken' },
  );
  route(platform, '/metrics', {
    get: operation(
      {
        tag: 'platform',
        summary: 'Prometheus metrics',
        description: 'The bearer token is needed only when METRICS_TOKEN is set.',
        guard: metricsGuard,
        responses: { 200: { description: 'Prometheus text exposition', contentType: 'text/plain', schema: z.string() } },
      },
      async (_input, _req, res) => {
        res.type(metrics.registry.contentType).send(await metricsText(metrics.registry, options.shardRegistries ?? []));
      },
    ),
  });
  return platform;
}

/**
 * One exposition of main's registry and the shards': a metric every cell
 * has (the pool, the queue, a module's counters) appears once, its series
 * told apart by the shards' `shard` label. prom-client's cluster aggregator
 * does the merge; as no two registries share a series, every metric is
 * merged by "sum", which keeps each series as it is (the default metrics'
 * own aggregators would average some and omit the start time).
 */
async function metricsText(main: Registry, shards: Registry[]): Promise<string> {
  if (shards.length === 0) return main.metrics();
  const all = await Promise.all([main, ...shards].map((registry) => registry.getMetricsAsJSON()));
  return AggregatorRegistry.aggregate(all.map((metrics) => metrics.map((metric) => ({ ...metric, aggregator: 'sum' as const })))).metrics();
}

/**
 * Everything that runs before the routes, as one middleware: observation, the
 * security headers, the JSON body parser (skipped for GET and HEAD, which carry
 * no body here) and the modules' hot paths, in that order. One Express layer
 * instead of one per step: each layer's dispatch is a measurable share of a
 * cached redirect (docs/PERFORMANCE.md).
 */
function front(options: HttpAppOptions, observe: Observe, setSecurityHeaders: (res: ServerResponse) => void): RequestHandler {
  const parseJson = express.json({ limit: options.bodyLimit, type: ['application/json', 'application/*+json'] });
  const hotPaths = options.hotPaths ?? [];
  // Uploads (OperationSpec.upload) are streamed by their handler: their JSON is left unread here.
  const uploads = new Set((options.operations ?? []).filter((op) => op.spec.upload).map((op) => `${op.method.toUpperCase()} ${op.path}`));
  return (req, res, next) => {
    observe(req, res, res.locals);
    setSecurityHeaders(res);
    const runHotPaths = (index: number, error?: unknown): void => {
      if (error !== undefined) return next(error);
      if (index === hotPaths.length) return next();
      const result: unknown = hotPaths[index](req, res, (err?: unknown) => runHotPaths(index + 1, err));
      // A hot path may return a promise (an async look-up); its rejection is an error like any other.
      if (result instanceof Promise) result.catch(next);
    };
    if (req.method === 'GET' || req.method === 'HEAD' || (uploads.size > 0 && uploads.has(`${req.method} ${req.path}`))) return runHotPaths(0);
    parseJson(req, res, (error?: unknown) => runHotPaths(0, error));
  };
}

/**
 * Puts the modules' fast paths in front of Express: the app's request handler
 * first offers each raw request to them, and only a request none of them
 * answers goes on to Express (see src/shared/http/fast-lane.ts). A fast path
 * that throws before answering leaves the request to Express; one that throws
 * after it began answering gets its connection closed, as a response half
 * written cannot be taken back.
 */
function installFastLane(app: Express, options: HttpAppOptions, observe: Observe, setSecurityHeaders: (res: ServerResponse) => void): void {
  const fastPaths = options.fastPaths ?? [];
  if (fastPaths.length === 0) return;
  const trust = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  // The request a fast path began answering (fast paths answer synchronously, one at a time), and since when.
  let begun: RequestLocals | undefined;
  let started = 0n;
  const lane: FastLane = {
    begin(req, res, route) {
      begun = { route };
      started = observe.begin(req, res, begun);
      setSecurityHeaders(res);
    },
    // Without a trusted proxy the address is the socket's; proxy-addr would parse X-Forwarded-For to ignore it.
    clientIp: options.trustProxy ? (req) => proxyaddr(req, trust) : (req) => req.socket.remoteAddress,
    // As Express 5's req.host: X-Forwarded-Host only from a trusted proxy.
    host: options.trustProxy
      ? (req) => {
          const forwarded = firstHeaderValue(req.headers['x-forwarded-host']);
          return forwarded !== undefined && trust(req.socket.remoteAddress ?? '', 0) ? forwarded : req.headers.host;
        }
      : (req) => req.headers.host,
  };
  const expressHandle = (app as unknown as { handle: RequestListenerWithNext }).handle.bind(app);
  (app as unknown as { handle: RequestListenerWithNext }).handle = (req, res, next) => {
    begun = undefined;
    try {
      for (const fastPath of fastPaths) {
        if (!fastPath(req, res, lane)) continue;
        // The answer is written by now (FastLane.begin's contract).
        if (begun !== undefined) observe.end(req, res, begun, started);
        return;
      }
    } catch (error) {
      options.logger.error('fast path failed', errorFields(error));
      if (begun) return void res.destroy();
    }
    expressHandle(req, res, next);
  };
}

type RequestListenerWithNext = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { runWithRequestContext, type Logger } from '../logging';
import type { Metrics } from '../metrics';

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * First middleware of every request: picks the request id (a sane incoming
 * X-Request-Id is kept so ids correlate across services), echoes it, runs the rest
 * of the request inside its logging context, and on completion records the
 * latency histogram and writes the single access-log line.
 */
export function observeRequests(logger: Logger, metrics: Metrics, accessLog: boolean): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);

    const started = process.hrtime.bigint();
    metrics.httpRequestsInFlight.inc();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      metrics.httpRequestsInFlight.dec();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // The route pattern, never the raw path: raw paths would explode label cardinality.
      const route = routePattern(req);
      const status = res.headersSent ? res.statusCode : 499;
      metrics.httpRequestDuration.observe({ method: req.method, route, status: String(status) }, seconds);
      // 'finish' may fire outside the request's async context, so the id is passed explicitly.
      if (accessLog) logger.info('request', { requestId, method: req.method, route, status, ms: Math.round(seconds * 10_000) / 10 });
    };
    res.once('finish', finish);
    res.once('close', finish);
    runWithRequestContext({ requestId }, next);
  };
}

function routePattern(req: Request): string {
  if (req.route?.path !== undefined) return `${req.baseUrl}${String(req.route.path)}`;
  // Middleware that answers without a route (a module's hot path) names its pattern here.
  return (req.res?.locals.route as string | undefined) ?? '<unmatched>';
}

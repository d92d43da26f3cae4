import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { runWithRequestContext } from '../context';
import { accessLogWriter, type Logger } from '../logging';
import type { Metrics } from '../metrics';

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Where a request's id and route pattern are kept: Express's res.locals, or the fast lane's own object. */
export interface RequestLocals {
  requestId?: string;
  route?: string;
}

/**
 * First step of every request: picks the request id (a sane incoming
 * X-Request-Id is kept so ids correlate across services), echoes it, and on
 * completion records the latency histogram and writes the single access-log
 * line. The request context is entered later, by `enterRequestContext`.
 */
export interface Observe {
  /** Express's requests: observed when the response closes, whenever that is. */
  (req: IncomingMessage, res: ServerResponse, locals: RequestLocals): void;
  /**
   * The fast lane's, answered before the call returns: `begin` before writing,
   * `end` right after. No 'close' listener and no in-flight count (a request
   * begun and ended in one synchronous step is never seen in flight); the
   * latency ends when the answer was handed to the socket.
   */
  begin(req: IncomingMessage, res: ServerResponse, locals: RequestLocals): bigint;
  end(req: IncomingMessage, res: ServerResponse, locals: RequestLocals, started: bigint): void;
}

export function observeRequests(logger: Logger, metrics: Metrics, accessLog: boolean): Observe {
  const writeAccessLog = accessLogWriter(logger);
  // Label-bound histogram children, so observing skips prom-client's label hashing.
  const durations = new Map<string, { observe(seconds: number): void }>();
  const durationFor = (method: string, route: string, status: string) => {
    const key = `${method} ${route} ${status}`;
    let child = durations.get(key);
    if (!child) {
      child = metrics.httpRequestDuration.labels(method, route, status);
      durations.set(key, child);
    }
    return child;
  };
  const identify = (req: IncomingMessage, res: ServerResponse, locals: RequestLocals): string => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    return requestId;
  };
  const record = (req: IncomingMessage, locals: RequestLocals, requestId: string, status: number, started: bigint): void => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // The route pattern, never the raw path: raw paths would explode label cardinality.
    const route = routePattern(req as Request, locals);
    const method = req.method ?? 'GET';
    durationFor(method, route, String(status)).observe(seconds);
    if (accessLog) writeAccessLog({ requestId, method, route, status, ms: Math.round(seconds * 10_000) / 10 });
  };
  const observe = (req: IncomingMessage, res: ServerResponse, locals: RequestLocals): void => {
    const requestId = identify(req, res, locals);
    const started = process.hrtime.bigint();
    metrics.httpRequestsInFlight.inc();
    // 'close' fires once per response: a tick after it finished, or when the
    // client went away first (writableFinished tells which).
    res.once('close', () => {
      metrics.httpRequestsInFlight.dec();
      record(req, locals, requestId, res.writableFinished ? res.statusCode : 499, started);
    });
  };
  observe.begin = (req: IncomingMessage, res: ServerResponse, locals: RequestLocals): bigint => {
    identify(req, res, locals);
    return process.hrtime.bigint();
  };
  observe.end = (req: IncomingMessage, res: ServerResponse, locals: RequestLocals, started: bigint): void => {
    record(req, locals, locals.requestId!, res.statusCode, started);
  };
  return observe;
}

/**
 * Runs the rest of the request inside its request context, so every log line
 * written while handling it carries the request id (and callerAuth can add the
 * caller). Mounted after the modules' hot paths: AsyncLocalStorage costs a few
 * percent of a cached redirect on Node 20, and a hot path enters the context
 * itself when it does I/O.
 */
export function enterRequestContext(): RequestHandler {
  return (_req, res, next) => runWithRequestContext({ requestId: res.locals.requestId as string }, next);
}

function routePattern(req: Request, locals: RequestLocals): string {
  if (req.route?.path !== undefined) return `${req.baseUrl}${String(req.route.path)}`;
  // What answers without a route (a hot path, a fast path) names its pattern here.
  return locals.route ?? '<unmatched>';
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter } from 'prom-client';
import { NotFound, Unavailable, type DomainError } from '../../../shared/errors';
import { HttpError, problemShape } from '../../../shared/http/errors';
import type { FastPath } from '../../../shared/http/fast-lane';
import { sendProblem } from '../../../shared/http/problem';
import { runWithRequestContext, type Logger } from '../../../shared/logging';
import type { Metrics } from '../../../shared/metrics';
import type { ClickSink } from './click-sink';
import { errorPage } from './pages';
import type { LinksService } from '../service';
import { couldBeSlug, RESERVED_SLUGS, slugKey } from '../slugs/slug';
import { buildLocation } from '../target-url';
import type { RedirectTarget } from '../types';

/** Browsers may keep a permanent redirect for a day; temporary ones briefly, so edits show. */
const CACHE_CONTROL: Record<number, string> = {
  301: 'public, max-age=86400',
  308: 'public, max-age=86400',
  302: 'private, max-age=90',
  307: 'private, max-age=90',
};

export interface RedirectOptions {
  service: LinksService;
  clickSink: ClickSink;
  countryHeader: string | undefined;
  logger: Logger;
  metrics: Metrics;
}

/**
 * `GET /:slug` (and HEAD): the hottest path, in two entries sharing one core.
 * Read top to bottom: shape check, cache (synchronous on a hit), expiry,
 * Location, hand the click to the sink (which returns at once), respond.
 * Nothing here awaits a write.
 *
 * - `fastPath` runs on the raw request before Express (src/shared/http/fast-lane.ts)
 *   and answers only what it can at once: a cached, live link. That is nearly
 *   every redirect, and skipping Express's request objects and router is most
 *   of what a cached redirect would otherwise cost (docs/PERFORMANCE.md).
 * - `hotPath` is a plain middleware ahead of every route, for the rest: cache
 *   misses (which load from the database), unknown slugs and expired links
 *   (an HTML page or a problem). It claims only single-segment paths that can be
 *   slugs and are not reserved, which no route uses; everything else passes on.
 */
export function redirectHandlers(options: RedirectOptions): { fastPath: FastPath; hotPath: RequestHandler } {
  const { service, clickSink, countryHeader, logger } = options;
  const counter = new Counter({
    name: 'shortline_redirects_total',
    help: 'Redirect requests by outcome (redirected, not_found, expired, unavailable)',
    labelNames: ['outcome'],
    registers: [options.metrics.registry],
  });
  // Label-bound children, so counting skips prom-client's label hashing.
  const outcomes = {
    redirected: counter.labels('redirected'),
    notFound: counter.labels('not_found'),
    expired: counter.labels('expired'),
    unavailable: counter.labels('unavailable'),
  };

  /** Writes the redirect to a live target and records the click (GET only: HEAD is a link checker, not a visit). */
  function redirect(req: IncomingMessage, res: ServerResponse, target: RedirectTarget, now: number, url: string, ip: string | undefined): void {
    const queryAt = url.indexOf('?');
    const location = buildLocation(target.url, target.forwardQuery, queryAt < 0 ? '' : url.slice(queryAt + 1));
    // Never let a browser keep a link past its expiry.
    const cacheControl =
      target.expiresAt === null
        ? CACHE_CONTROL[target.redirectType]
        : `private, max-age=${Math.min(Math.floor((target.expiresAt - now) / 1000), 90)}`;
    if (req.method === 'GET') recordClick(req, target, now, ip);
    outcomes.redirected.inc();
    res.statusCode = target.redirectType;
    res.setHeader('Location', location);
    res.setHeader('Cache-Control', cacheControl);
    res.end();
  }

  function recordClick(req: IncomingMessage, target: RedirectTarget, now: number, ip: string | undefined): void {
    try {
      clickSink.record({
        linkId: target.linkId,
        workspaceId: target.workspaceId,
        at: now,
        referrer: req.headers.referer,
        userAgent: req.headers['user-agent'],
        ip,
        country: countryHeader === undefined ? undefined : headerValue(req.headers[countryHeader]),
      });
    } catch (error) {
      // Analytics must never break a redirect.
      logger.warn('click sink failed', { error: (error as Error).message });
    }
  }

  const isLive = (target: RedirectTarget, now: number) => target.expiresAt === null || target.expiresAt > now;

  const fastPath: FastPath = (req, res, lane) => {
    const url = req.url ?? '';
    // An absolute-form target (a proxy request) is Express's to parse.
    if (url[0] !== '/') return false;
    const queryAt = url.indexOf('?');
    const key = redirectKey(req.method, queryAt < 0 ? url : url.slice(0, queryAt));
    if (key === undefined) return false;
    const target = service.cachedTarget(key);
    const now = Date.now();
    // Unknown, not cached, or expired: the hot path answers (with a page, a problem or a load).
    if (!target || !isLive(target, now)) return false;
    lane.begin(req, res, '/:slug');
    redirect(req, res, target, now, url, lane.clientIp(req));
    return true;
  };

  const hotPath: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const key = redirectKey(req.method, req.path);
    if (key === undefined) return next();
    res.locals.route = '/:slug';
    const cached = service.cachedTarget(key);
    if (cached !== undefined) return serve(req, res, cached ?? undefined);
    // A miss does I/O: from here on log lines must carry the request id.
    return runWithRequestContext({ requestId: res.locals.requestId as string }, () => service.resolve(key)).then(
      (target) => serve(req, res, target),
      (error: unknown) => {
        logger.warn('redirect look-up failed', { error: (error as Error).message });
        outcomes.unavailable.inc();
        fail(req, res, new Unavailable('Short links cannot be resolved right now; try again shortly', 5));
      },
    );
  };

  function serve(req: Request, res: Response, target: RedirectTarget | undefined): void {
    if (!target) {
      outcomes.notFound.inc();
      return fail(req, res, new NotFound('No short link has this address'));
    }
    const now = Date.now();
    if (!isLive(target, now)) {
      outcomes.expired.inc();
      return fail(req, res, new Gone());
    }
    redirect(req, res, target, now, req.originalUrl, req.ip);
  }

  return { fastPath, hotPath };
}

/** The slug key a request names, or undefined if the redirect does not claim it. */
export function redirectKey(method: string | undefined, path: string): string | undefined {
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  const slug = slugOf(path);
  if (slug === undefined || !couldBeSlug(slug)) return undefined;
  const key = slugKey(slug);
  return RESERVED_SLUGS.has(key) ? undefined : key;
}

/** An expired link's answer (also its public QR code's). */
export class Gone extends HttpError {
  constructor() {
    super(410, 'link-expired', 'Link expired', 'This short link has expired');
  }
}

/** Browsers get a small page, clients asking for JSON a problem document. */
function fail(req: Request, res: Response, error: DomainError | HttpError): void {
  res.setHeader('Cache-Control', 'no-store');
  if (req.accepts(['html', 'json']) === 'json') return sendProblem(req, res, error);
  const { status, title, headers } = problemShape(error)!;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res
    .status(status)
    .type('html')
    .send(errorPage(status, title, error.message));
}

/** The slug a path names: `/abc` or `/abc/` (as Express routes matched), percent-decoded. */
function slugOf(path: string): string | undefined {
  const end = path.endsWith('/') && path.length > 1 ? path.length - 1 : path.length;
  const raw = path.slice(1, end);
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first.slice(0, 8);
}

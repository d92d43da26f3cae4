import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter } from 'prom-client';
import { AppError, NotFound, Unavailable } from '../../shared/http/errors';
import { sendProblem } from '../../shared/http/problem';
import { runWithRequestContext, type Logger } from '../../shared/logging';
import type { Metrics } from '../../shared/metrics';
import type { ClickSink } from './click-sink';
import { errorPage } from './pages';
import type { LinksService } from './service';
import { couldBeSlug, RESERVED_SLUGS, slugKey } from './slug';
import { buildLocation } from './target-url';
import type { RedirectTarget } from './types';

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
  /** Whether X-Forwarded-For is believed (TRUST_PROXY); decides the click's IP. */
  trustProxy: boolean;
  logger: Logger;
  metrics: Metrics;
}

/**
 * `GET /:slug` (and HEAD): the hottest path. Read top to bottom: shape check,
 * cache (synchronous on a hit), expiry, Location, hand the click to the sink
 * (which returns at once), respond. Nothing here awaits a write.
 *
 * It is a plain middleware mounted ahead of every route (the module's hot path),
 * not an Express route behind them: walking a dozen route layers cost a third of
 * a cached redirect (docs/PERFORMANCE.md). It claims only single-segment paths
 * that can be slugs and are not reserved, which no other route uses; everything
 * else passes on.
 */
export function redirectHandler(options: RedirectOptions): RequestHandler {
  const { service, clickSink, countryHeader, trustProxy, logger } = options;
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
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const slug = slugOf(req.path);
    if (slug === undefined || !couldBeSlug(slug)) return next();
    const key = slugKey(slug);
    if (RESERVED_SLUGS.has(key)) return next();
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
    if (!target) return notFound(req, res);
    const now = Date.now();
    if (target.expiresAt !== null && target.expiresAt <= now) {
      outcomes.expired.inc();
      return fail(req, res, new Gone());
    }
    const queryAt = req.originalUrl.indexOf('?');
    const location = buildLocation(target.url, target.forwardQuery, queryAt < 0 ? '' : req.originalUrl.slice(queryAt + 1));
    let cacheControl = CACHE_CONTROL[target.redirectType];
    if (target.expiresAt !== null) {
      // Never let a browser keep a link past its expiry.
      cacheControl = `private, max-age=${Math.min(Math.floor((target.expiresAt - now) / 1000), 90)}`;
    }
    // HEAD is what link checkers and previews send; only GET is a visit.
    if (req.method === 'GET') recordClick(req, target, now);
    outcomes.redirected.inc();
    res.statusCode = target.redirectType;
    res.setHeader('Location', location);
    res.setHeader('Cache-Control', cacheControl);
    res.end();
  }

  function recordClick(req: Request, target: RedirectTarget, now: number): void {
    try {
      clickSink.record({
        linkId: target.linkId,
        workspaceId: target.workspaceId,
        at: now,
        referrer: req.headers.referer,
        userAgent: req.headers['user-agent'],
        // req.ip runs proxy-addr on every call; without a trusted proxy it is the socket's address.
        ip: trustProxy ? req.ip : req.socket.remoteAddress,
        country: countryHeader === undefined ? undefined : headerValue(req.headers[countryHeader]),
      });
    } catch (error) {
      // Analytics must never break a redirect.
      logger.warn('click sink failed', { error: (error as Error).message });
    }
  }

  function notFound(req: Request, res: Response): void {
    outcomes.notFound.inc();
    fail(req, res, new NotFound('No short link has this address'));
  }
}

class Gone extends AppError {
  readonly status = 410;
  readonly kind = 'link-expired';
  readonly title = 'Link expired';
  constructor() {
    super('This short link has expired');
  }
}

/** Browsers get a small page, clients asking for JSON a problem document. */
function fail(req: Request, res: Response, error: AppError): void {
  res.setHeader('Cache-Control', 'no-store');
  if (req.accepts(['html', 'json']) === 'json') return sendProblem(req, res, error);
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.status(error.status).type('html').send(errorPage(error.status, error.title, error.message));
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

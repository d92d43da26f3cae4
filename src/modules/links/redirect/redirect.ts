import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { parse as parseCookies, serialize as cookie } from 'cookie';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter } from 'prom-client';
import { NotFound, Unavailable, type DomainError } from '../../../shared/errors';
import { HttpError, problemShape } from '../../../shared/http/errors';
import type { FastPath } from '../../../shared/http/fast-lane';
import { sendProblem } from '../../../shared/http/problem';
import type { Geolocator } from '../../../shared/geo';
import type { UserAgentClassifier } from '../../../shared/http/user-agent';
import { runWithRequestContext, type Logger } from '../../../shared/logging';
import type { Metrics } from '../../../shared/metrics';
import type { ClickAllowance } from '../rules/click-allowance';
import { chooseDestination, isWebUrl } from '../rules/destination';
import { isUnlocked } from '../rules/password';
import { isPreviewCrawler } from '../rules/preview-crawlers';
import { Visitor } from '../rules/visitor';
import type { ClickSink } from './click-sink';
import { errorPage, passwordPage, socialPage } from './pages';
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
/** A redirect that depends on who asks (targeting, A/B, password, click limit): never for a shared cache. */
const PERSONAL = 'private, max-age=90';

/** The cookies of a password-protected link, scoped to its path: the CSRF token of its form, and the proof of a right password. */
export const CSRF_COOKIE = 'sl_csrf';
export const UNLOCK_COOKIE = 'sl_unlock';

export interface RedirectOptions {
  service: LinksService;
  clickSink: ClickSink;
  countryHeader: string | undefined;
  /** For targeting by country when CLICK_COUNTRY_HEADER gives none. */
  geo: Geolocator;
  classifier: UserAgentClassifier;
  allowance: ClickAllowance;
  /** Whether cookies are marked Secure (PUBLIC_BASE_URL is https). */
  secureCookies: boolean;
  publicBaseUrl: string;
  logger: Logger;
  metrics: Metrics;
}

/** What the rules make of a request for a live link, before anything is written. */
type Decision =
  | { kind: 'redirect'; location: string; variant: string | undefined }
  | { kind: 'social'; html: string }
  | { kind: 'locked' }
  | { kind: 'exhausted' }
  | { kind: 'claim' };

/**
 * `GET /:slug` (and HEAD): the hottest path, in two entries sharing one core.
 * Read top to bottom: shape check, cache (synchronous on a hit), expiry, the
 * link's rules (decide), Location, hand the click to the sink (which returns
 * at once), respond. Nothing here awaits a write.
 *
 * - `fastPath` runs on the raw request before Express (src/shared/http/fast-lane.ts)
 *   and answers only what it can at once: a cached, live link whose rules
 *   decide without I/O — a redirect (targeting, A/B, UTM, a password already
 *   entered, a click from this process's lease) or a crawler's preview page.
 *   That is nearly every redirect, and skipping Express's request objects and
 *   router is most of what a cached redirect would otherwise cost (docs/PERFORMANCE.md).
 * - `hotPath` is a plain middleware ahead of every route, for the rest: cache
 *   misses (which load from the database), unknown slugs, expired links, the
 *   password form, a click limit's lease claim or its end (an HTML page or a
 *   problem). It claims only single-segment paths that can be slugs and are
 *   not reserved, which no route uses; everything else passes on.
 */
export function redirectHandlers(options: RedirectOptions): { fastPath: FastPath; hotPath: RequestHandler } {
  const { service, clickSink, countryHeader, geo, classifier, allowance, logger } = options;
  const counter = new Counter({
    name: 'shortline_redirects_total',
    help: 'Redirect requests by outcome (redirected, not_found, expired, unavailable, password_form, preview_page, limit_reached)',
    labelNames: ['outcome'],
    registers: [options.metrics.registry],
  });
  // Label-bound children, so counting skips prom-client's label hashing.
  const outcomes = {
    redirected: counter.labels('redirected'),
    notFound: counter.labels('not_found'),
    expired: counter.labels('expired'),
    unavailable: counter.labels('unavailable'),
    passwordForm: counter.labels('password_form'),
    previewPage: counter.labels('preview_page'),
    limitReached: counter.labels('limit_reached'),
  };
  /** The visitor's country for a targeting rule: the trusted header's, else the geolocation database's (asked only when a rule needs it). */
  const countryOf = (req: IncomingMessage, ip: string | undefined): string | undefined => {
    const header = countryHeader === undefined ? undefined : headerValue(req.headers[countryHeader])?.toUpperCase();
    if (header !== undefined && /^[A-Z][A-Z0-9]$/.test(header) && header !== 'XX') return header;
    return ip === undefined ? undefined : geo.locate(ip)?.country;
  };

  /** Where a live link sends this request, by its rules; takes a click of a limited link's lease when it redirects. */
  function decide(req: IncomingMessage, target: RedirectTarget, url: string, ip: string | undefined): Decision {
    const rules = target.rules;
    if (rules === null) return { kind: 'redirect', location: location(target, target.url, url), variant: undefined };
    const userAgent = req.headers['user-agent'];
    const locked = rules.passwordHash !== null && !isUnlocked(cookieOf(req, UNLOCK_COOKIE), target.linkId, rules.passwordHash, Date.now() / 1000);
    if (rules.socialPreview !== null && isPreviewCrawler(userAgent)) {
      const shortUrl = `${options.publicBaseUrl}${pathOf(url)}`;
      return { kind: 'social', html: socialPage(rules.socialPreview, shortUrl, locked ? null : location(target, rules.url, url)) };
    }
    if (locked) return { kind: 'locked' };
    const visitor = new Visitor(req, url, ip, classifier, countryOf);
    // A click limit counts people's visits: HEAD checks a link, bots are not clicks.
    if (rules.maxClicks !== null && req.method === 'GET' && !visitor.bot) {
      const allowed = allowance.take(target.linkId, target.workspaceId, target.version);
      if (allowed !== 'granted') return { kind: allowed };
    }
    const destination = chooseDestination(rules, visitor, target.linkId);
    return { kind: 'redirect', location: location(target, destination.url, url), variant: destination.variant };
  }

  /** Writes the redirect to a live target and records the click (GET only: HEAD is a link checker, not a visit). */
  function redirect(
    req: IncomingMessage,
    res: ServerResponse,
    target: RedirectTarget,
    now: number,
    to: string,
    variant: string | undefined,
    ip: string | undefined,
  ): void {
    const cacheControl =
      target.expiresAt !== null
        ? // Never let a browser keep a link past its expiry.
          `private, max-age=${Math.min(Math.floor((target.expiresAt - now) / 1000), 90)}`
        : target.rules?.personal
          ? PERSONAL
          : CACHE_CONTROL[target.redirectType];
    if (req.method === 'GET') recordClick(req, target, now, ip, variant);
    outcomes.redirected.inc();
    res.statusCode = target.redirectType;
    res.setHeader('Location', to);
    res.setHeader('Cache-Control', cacheControl);
    res.end();
  }

  function recordClick(req: IncomingMessage, target: RedirectTarget, now: number, ip: string | undefined, variant: string | undefined): void {
    try {
      clickSink.record({
        linkId: target.linkId,
        workspaceId: target.workspaceId,
        at: now,
        referrer: req.headers.referer,
        userAgent: req.headers['user-agent'],
        ip,
        country: countryHeader === undefined ? undefined : headerValue(req.headers[countryHeader]),
        variant,
      });
    } catch (error) {
      // Analytics must never break a redirect.
      logger.warn('click sink failed', { error: (error as Error).message });
    }
  }

  function sendSocialPage(res: ServerResponse, html: string): void {
    outcomes.previewPage.inc();
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.end(html);
  }

  const isLive = (target: RedirectTarget, now: number) => target.expiresAt === null || target.expiresAt > now;

  const fastPath: FastPath = (req, res, lane) => {
    const url = req.url ?? '';
    // An absolute-form target (a proxy request) is Express's to parse.
    if (url[0] !== '/') return false;
    const key = redirectKey(req.method, pathOf(url));
    if (key === undefined) return false;
    const target = service.cachedTarget(key);
    const now = Date.now();
    // Unknown, not cached, or expired: the hot path answers (with a page, a problem or a load).
    if (!target || !isLive(target, now)) return false;
    const ip = lane.clientIp(req);
    const decision = decide(req, target, url, ip);
    // The password form, a click limit's claim or its end: the hot path answers.
    if (decision.kind !== 'redirect' && decision.kind !== 'social') return false;
    lane.begin(req, res, '/:slug');
    if (decision.kind === 'social') sendSocialPage(res, decision.html);
    else redirect(req, res, target, now, decision.location, decision.variant, ip);
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
      (error: unknown) => unavailable(req, res, error),
    );
  };

  function serve(req: Request, res: Response, target: RedirectTarget | undefined): void | Promise<void> {
    if (!target) {
      outcomes.notFound.inc();
      return fail(req, res, new NotFound('No short link has this address'));
    }
    const now = Date.now();
    if (!isLive(target, now)) {
      outcomes.expired.inc();
      return fail(req, res, new Gone());
    }
    const decision = decide(req, target, req.originalUrl, req.ip);
    switch (decision.kind) {
      case 'redirect':
        return redirect(req, res, target, now, decision.location, decision.variant, req.ip);
      case 'social':
        return sendSocialPage(res, decision.html);
      case 'locked':
        outcomes.passwordForm.inc();
        return askForPassword(req, res);
      case 'exhausted':
        outcomes.limitReached.inc();
        return fail(req, res, new Gone());
      case 'claim':
        return allowance.claim(target.linkId, target.workspaceId, target.version).then(
          () => serve(req, res, target),
          (error: unknown) => unavailable(req, res, error),
        );
    }
  }

  function unavailable(req: Request, res: Response, error: unknown): void {
    logger.warn('redirect look-up failed', { error: (error as Error).message });
    outcomes.unavailable.inc();
    fail(req, res, new Unavailable('Short links cannot be resolved right now; try again shortly', 5));
  }

  /** The password form for a browser (with its CSRF cookie), a 401 problem for a client asking for JSON. */
  function askForPassword(req: Request, res: Response): void {
    res.setHeader('Cache-Control', 'no-store');
    if (req.accepts(['html', 'json']) === 'json') return sendProblem(req, res, new PasswordRequired());
    const token = csrfTokenOf(req) ?? randomBytes(18).toString('base64url');
    const path = pathOf(req.originalUrl);
    res.setHeader(
      'Set-Cookie',
      cookie(CSRF_COOKIE, token, { path, httpOnly: true, sameSite: 'strict', secure: options.secureCookies, maxAge: 3600 }),
    );
    const query = req.originalUrl.slice(path.length);
    res
      .status(200)
      .type('html')
      .send(passwordPage(`${path.replace(/\/$/, '')}/unlock${query}`, token));
  }

  return { fastPath, hotPath };
}

/** The Location for a destination: forwarded query and all, for a web URL; an app link as it is. */
function location(target: RedirectTarget, destination: string, url: string): string {
  if (!isWebUrl(destination)) return destination;
  const queryAt = url.indexOf('?');
  return buildLocation(destination, target.forwardQuery, queryAt < 0 ? '' : url.slice(queryAt + 1));
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

class PasswordRequired extends HttpError {
  constructor() {
    super(401, 'link-password-required', 'Password required', 'This short link is protected by a password; open it in a browser to enter it');
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

/** A request's path without its query string. */
export function pathOf(url: string): string {
  const queryAt = url.indexOf('?');
  return queryAt < 0 ? url : url.slice(0, queryAt);
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

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  return header === undefined ? undefined : parseCookies(header)[name];
}

/** The form's CSRF token from its cookie, if the browser has one of the right shape. */
export function csrfTokenOf(req: IncomingMessage): string | undefined {
  const token = cookieOf(req, CSRF_COOKIE);
  return token !== undefined && /^[A-Za-z0-9_-]{24}$/.test(token) ? token : undefined;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first.slice(0, 8);
}

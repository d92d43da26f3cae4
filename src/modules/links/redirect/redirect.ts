import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import accepts from 'accepts';
import { parse as parseCookies, serialize as cookie } from 'cookie';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter } from 'prom-client';
import { NotFound, Unavailable, type DomainError } from '../../../shared/errors';
import { HttpError, problemShape, type ProblemShape } from '../../../shared/http/errors';
import type { FastPath } from '../../../shared/http/fast-lane';
import { RateLimited, setRateLimitFields } from '../../../shared/http/rate-limit';
import type { RateLimit, Verdict } from '../../../shared/ratelimit';
import { hostKey } from '../../../shared/http/host';
import { problemType, type Problem } from '../../../shared/http/problem';
import { countryFromHeader, type Geolocator } from '../../../shared/geo';
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
import { shortBase } from '../link-rows';
import { couldBeSlug, RESERVED_SLUGS, slugKey } from '../slugs/slug';
import type { DomainHost, DomainsApi, HostResolution } from '../../domains';
import { buildLocation } from '../target-url';
import type { RedirectTarget } from './redirect-target';

/** Browsers may keep a permanent redirect for a day; temporary ones briefly, so edits show. */
const CACHE_CONTROL: Record<number, string> = {
  301: 'public, max-age=86400',
  308: 'public, max-age=86400',
  302: 'private, max-age=90',
  307: 'private, max-age=90',
};
/** A redirect that depends on who asks (targeting, A/B, password, click limit): never for a shared cache. */
const PERSONAL = 'private, max-age=90';
/** A custom domain's root may be re-pointed: briefly, as a temporary redirect. Its not-found target stands for "no link yet": never kept. */
const DOMAIN_ROOT = 'private, max-age=90';
const DOMAIN_NOT_FOUND = 'no-store';

/** The cookies of a password-protected link, scoped to its path: the CSRF token of its form, and the proof of a right password. */
export const CSRF_COOKIE = 'sl_csrf';
export const UNLOCK_COOKIE = 'sl_unlock';

export interface RedirectOptions {
  service: LinksService;
  /** Which domain a request's host is: its links, its root and not-found URLs, or none (a 404). */
  domains: DomainsApi;
  clickSink: ClickSink;
  countryHeader: string | undefined;
  /** For targeting by country when CLICK_COUNTRY_HEADER gives none. */
  geo: Geolocator;
  classifier: UserAgentClassifier;
  allowance: ClickAllowance;
  /** Whether cookies are marked Secure (PUBLIC_BASE_URL is https). */
  secureCookies: boolean;
  publicBaseUrl: string;
  /**
   * RATE_LIMIT_UNKNOWN_SLUGS: slugs and hosts looked up in the database and
   * found to be no link or no domain, per client address. Known links, and
   * slugs and hosts already remembered as unknown, are never counted.
   */
  unknownSlugLimit: RateLimit | undefined;
  logger: Logger;
  metrics: Metrics;
}

/** What the rules make of a request for a live link, before anything is written. */
type Decision =
  | { kind: 'redirect'; location: string; variant: string | undefined }
  | { kind: 'social'; html: string }
  | { kind: 'locked' }
  | { kind: 'exhausted' }
  | { kind: 'claim'; version: number };

/**
 * `GET /:slug` (and HEAD): the hottest path, in two entries sharing one core.
 * Read top to bottom: shape check, the host's domain and the slug's link
 * (both cached, synchronous on a hit), expiry, the link's rules (decide),
 * Location, hand the click to the sink (which returns at once), respond.
 * Nothing here awaits a write. A slug is looked up on the request's domain
 * only: the default domain's hosts serve links without a domain, a verified
 * custom domain its own links (and its root and not-found URLs), and any
 * other host gets a 404, never another domain's link.
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
 *   problem), unknown hosts. It claims only single-segment paths that can be
 *   slugs and are not reserved, which no route uses, and `/` on a host that
 *   is not the default domain's; everything else passes on.
 */
export function redirectHandlers(options: RedirectOptions): { fastPath: FastPath; hotPath: RequestHandler } {
  const { service, domains, clickSink, countryHeader, geo, classifier, allowance, unknownSlugLimit, logger } = options;
  const counter = new Counter({
    name: 'shortline_redirects_total',
    help: 'Redirect requests by outcome (redirected, not_found, expired, unavailable, password_form, preview_page, limit_reached, unknown_host, domain_root, domain_not_found)',
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
    unknownHost: counter.labels('unknown_host'),
    domainRoot: counter.labels('domain_root'),
    domainNotFound: counter.labels('domain_not_found'),
    rateLimited: counter.labels('rate_limited'),
  };
  /** The visitor's country for a targeting rule: the trusted header's, else the geolocation database's (asked only when a rule needs it). */
  const countryOf = (req: IncomingMessage, ip: string | undefined): string | undefined => {
    const header = countryHeader === undefined ? undefined : countryFromHeader(headerValue(req.headers[countryHeader]));
    return header ?? (ip === undefined ? undefined : geo.locate(ip)?.country);
  };

  /** Where a live link sends this request, by its rules; takes a click of a limited link's lease when it redirects. */
  function decide(req: IncomingMessage, host: ServingHost, target: RedirectTarget, url: string, ip: string | undefined, now: number): Decision {
    const rules = target.rules;
    if (rules === null) return { kind: 'redirect', location: location(target, target.url, url), variant: undefined };
    if (rules.sameForAll) return { kind: 'redirect', location: location(target, rules.url, url), variant: undefined };
    const userAgent = req.headers['user-agent'];
    const locked = rules.passwordHash !== null && !isUnlocked(cookieOf(req, UNLOCK_COOKIE), target.linkId, rules.passwordHash, now / 1000);
    if (rules.socialPreview !== null && isPreviewCrawler(userAgent)) {
      const shortUrl = `${shortBase(options.publicBaseUrl, host === 'default' ? null : host.hostname)}${pathOf(url)}`;
      return { kind: 'social', html: socialPage(rules.socialPreview, shortUrl, locked ? null : location(target, rules.url, url)) };
    }
    if (locked) return { kind: 'locked' };
    const visitor = new Visitor(req, url, ip, classifier, countryOf);
    // A click limit counts people's visits: HEAD checks a link, bots are not clicks.
    if (rules.maxClicks !== null && req.method === 'GET' && !visitor.bot) {
      const allowed = allowance.take(target.linkId, target.workspaceId, rules.version);
      if (allowed === 'claim') return { kind: 'claim', version: rules.version };
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

  function sendSocialPage(req: IncomingMessage, res: ServerResponse, html: string): void {
    outcomes.previewPage.inc();
    sendPage(req, res, 200, 'public, max-age=300', html);
  }

  const isLive = (target: RedirectTarget, now: number) => target.expiresAt === null || target.expiresAt > now;

  const fastPath: FastPath = (req, res, lane) => {
    const url = req.url ?? '';
    // An absolute-form target (a proxy request) is Express's to parse.
    if (url[0] !== '/') return false;
    const path = pathOf(url);
    const slug = redirectKey(req.method, path);
    const root = slug === undefined && path === '/' && (req.method === 'GET' || req.method === 'HEAD');
    if (slug === undefined && !root) return false;
    const hostName = hostKey(lane.host(req));
    const host = domains.cachedHost(hostName);
    // A host known to be no domain: its 404, without Express.
    if (host === 'unknown') {
      lane.begin(req, res, root ? '/' : '/:slug');
      outcomes.unknownHost.inc();
      failUnknownHost(req, res, hostName);
      return true;
    }
    if (root) {
      // `/` on a custom domain with a root URL is a redirect too; the rest of `/` is the hot path's.
      if (typeof host !== 'object' || host.rootUrl === null) return false;
      lane.begin(req, res, '/');
      outcomes.domainRoot.inc();
      domainRedirect(res, host.rootUrl, DOMAIN_ROOT);
      return true;
    }
    // A host not cached: the hot path loads it.
    if (host === undefined || slug === undefined) return false;
    const target = service.cachedTarget(keyOn(host, slug));
    // Not cached: the hot path loads it.
    if (target === undefined) return false;
    const now = Date.now();
    if (target === null || !belongs(target, host)) {
      lane.begin(req, res, '/:slug');
      notFound(req, res, host);
      return true;
    }
    if (!isLive(target, now)) {
      lane.begin(req, res, '/:slug');
      outcomes.expired.inc();
      fail(req, res, EXPIRED);
      return true;
    }
    const ip = lane.clientIp(req);
    const decision = decide(req, host, target, url, ip, now);
    // A click limit's lease to claim: the hot path does the I/O.
    if (decision.kind === 'claim') return false;
    lane.begin(req, res, '/:slug');
    answer(req, res, url, target, now, decision, ip);
    return true;
  };

  /** Writes what decide() made of a request, but a claim (which needs I/O first). */
  function answer(
    req: IncomingMessage,
    res: ServerResponse,
    url: string,
    target: RedirectTarget,
    now: number,
    decision: Decision,
    ip: string | undefined,
  ): void {
    switch (decision.kind) {
      case 'redirect':
        return redirect(req, res, target, now, decision.location, decision.variant, ip);
      case 'social':
        return sendSocialPage(req, res, decision.html);
      case 'locked':
        outcomes.passwordForm.inc();
        return askForPassword(req, res, url);
      case 'exhausted':
        outcomes.limitReached.inc();
        return fail(req, res, EXPIRED);
      case 'claim':
        throw new Error('a click lease must be claimed before answering');
    }
  }

  /** An unknown slug: where the custom domain sends those, else the 404 page or problem. */
  function notFound(req: IncomingMessage, res: ServerResponse, host: ServingHost): void {
    if (host !== 'default' && host.notFoundUrl !== null) {
      outcomes.domainNotFound.inc();
      return domainRedirect(res, host.notFoundUrl, DOMAIN_NOT_FOUND);
    }
    outcomes.notFound.inc();
    answerProblem(req, res, NOT_FOUND, NO_LINK.message);
  }

  const hotPath: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const slug = redirectKey(req.method, req.path);
    const root = slug === undefined && req.path === '/' && (req.method === 'GET' || req.method === 'HEAD');
    if (slug === undefined && !root) return next();
    const hostName = hostKey(req.host);
    const cached = domains.cachedHost(hostName);
    if (cached !== undefined) return serveHost(req, res, next, cached, hostName, slug);
    if (lookupRefused(req, res)) {
      res.locals.route = slug === undefined ? '/' : '/:slug';
      return;
    }
    // A miss does I/O: from here on log lines must carry the request id.
    return runWithRequestContext({ requestId: res.locals.requestId as string }, () => domains.resolveHost(hostName)).then(
      (host) => (host === 'unknown' ? unknownHostLookedUp(req, res, hostName, slug) : serveHost(req, res, next, host, hostName, slug)),
      (error: unknown) => {
        res.locals.route = slug === undefined ? '/' : '/:slug';
        unavailable(req, res, error);
      },
    );
  };

  /**
   * RATE_LIMIT_UNKNOWN_SLUGS before a look-up: an address past its look-ups
   * that found nothing makes no more until its window ends. True when refused
   * (the 429 written).
   */
  function lookupRefused(req: Request, res: Response): boolean {
    const wait = unknownSlugLimit !== undefined && req.ip !== undefined ? unknownSlugLimit.blockedFor(req.ip) : 0;
    if (wait > 0) tooManyUnknown(req, res, { allowed: false, remaining: 0, resetSeconds: wait });
    return wait > 0;
  }

  /**
   * After a look-up that found nothing (a query spent; the answer is then
   * remembered, and asking again costs neither): counted against the address.
   * False when that took it past the limit (the 429 written).
   */
  async function missCounted(req: Request, res: Response): Promise<boolean> {
    if (unknownSlugLimit === undefined || req.ip === undefined) return true;
    const verdict = await unknownSlugLimit.consume(req.ip);
    if (!verdict.allowed) {
      tooManyUnknown(req, res, verdict);
      return false;
    }
    setRateLimitFields(res, unknownSlugLimit, verdict);
    return true;
  }

  /** A host the database had no domain for: counted as an unknown slug is, then its 404. */
  async function unknownHostLookedUp(req: Request, res: Response, hostName: string, slug: string | undefined): Promise<void> {
    res.locals.route = slug === undefined ? '/' : '/:slug';
    if (!(await missCounted(req, res))) return;
    outcomes.unknownHost.inc();
    failUnknownHost(req, res, hostName);
  }

  /** A request the redirect claims, once its host's domain is known: `slug` is undefined for `/`. */
  function serveHost(
    req: Request,
    res: Response,
    next: NextFunction,
    host: HostResolution,
    hostName: string,
    slug: string | undefined,
  ): void | Promise<void> {
    // `/` on the default domain is the routes' to answer (a 404 today).
    if (slug === undefined && host === 'default') return next();
    res.locals.route = slug === undefined ? '/' : '/:slug';
    if (host === 'unknown') {
      outcomes.unknownHost.inc();
      return failUnknownHost(req, res, hostName);
    }
    if (slug === undefined) {
      const rootUrl = (host as DomainHost).rootUrl;
      if (rootUrl === null) {
        outcomes.notFound.inc();
        return fail(req, res, new NotFound('This domain has no page of its own'));
      }
      outcomes.domainRoot.inc();
      return domainRedirect(res, rootUrl, DOMAIN_ROOT);
    }
    const key = keyOn(host, slug);
    const cached = service.cachedTarget(key);
    if (cached !== undefined) return serve(req, res, host, cached ?? undefined);
    if (lookupRefused(req, res)) return;
    return runWithRequestContext({ requestId: res.locals.requestId as string }, () => service.resolve(key)).then(
      (target) => (target === undefined ? unknownSlug(req, res, host) : serve(req, res, host, target)),
      (error: unknown) => unavailable(req, res, error),
    );
  }

  /** A slug the database had no link for: counted against the address, then its 404. */
  async function unknownSlug(req: Request, res: Response, host: ServingHost): Promise<void> {
    if (await missCounted(req, res)) notFound(req, res, host);
  }

  function tooManyUnknown(req: Request, res: Response, verdict: Verdict): void {
    outcomes.rateLimited.inc();
    fail(req, res, new RateLimited(unknownSlugLimit!, verdict, 'addresses without a link from this address'));
  }

  function serve(req: Request, res: Response, host: ServingHost, target: RedirectTarget | undefined): void | Promise<void> {
    if (!target || !belongs(target, host)) return notFound(req, res, host);
    const now = Date.now();
    if (!isLive(target, now)) {
      outcomes.expired.inc();
      return fail(req, res, EXPIRED);
    }
    const decision = decide(req, host, target, req.originalUrl, req.ip, now);
    if (decision.kind !== 'claim') return answer(req, res, req.originalUrl, target, now, decision, req.ip);
    return allowance.claim(target.linkId, target.workspaceId, decision.version).then(
      () => serve(req, res, host, target),
      (error: unknown) => unavailable(req, res, error),
    );
  }

  function unavailable(req: Request, res: Response, error: unknown): void {
    logger.warn('redirect look-up failed', { error: (error as Error).message });
    outcomes.unavailable.inc();
    fail(req, res, new Unavailable('Short links cannot be resolved right now; try again shortly', 5));
  }

  /** The password form for a browser (with its CSRF cookie), a 401 problem for a client asking for JSON. */
  function askForPassword(req: IncomingMessage, res: ServerResponse, url: string): void {
    if (prefersJson(req)) return fail(req, res, new PasswordRequired());
    const token = csrfTokenOf(req) ?? randomBytes(18).toString('base64url');
    const path = pathOf(url);
    res.setHeader(
      'Set-Cookie',
      cookie(CSRF_COOKIE, token, { path, httpOnly: true, sameSite: 'strict', secure: options.secureCookies, maxAge: 3600 }),
    );
    sendPage(req, res, 200, 'no-store', passwordPage(`${path.replace(/\/$/, '')}/unlock${url.slice(path.length)}`, token));
  }

  return { fastPath, hotPath };
}

/** A host that serves links: the default domain, or a verified custom domain. */
type ServingHost = 'default' | DomainHost;

/** The key of the slug on the host's domain (slugs/slug.ts linkKey). */
export function keyOn(host: ServingHost, slug: string): string {
  return host === 'default' ? slug : `${host.hostname}/${slug}`;
}

/**
 * Whether the link may be served on the host: a custom domain serves only
 * its own workspace's links. The key already names the domain; this holds
 * even for a link left on a hostname that changed hands.
 */
function belongs(target: RedirectTarget, host: ServingHost): boolean {
  return host === 'default' || target.workspaceId === host.workspaceId;
}

/** A custom domain's own redirect (its root, or where unknown slugs go): 302, no click. */
function domainRedirect(res: ServerResponse, location: string, cacheControl: string): void {
  res.statusCode = 302;
  res.setHeader('Location', location);
  res.setHeader('Cache-Control', cacheControl);
  res.end();
}

/** The Location for a destination: forwarded query and all, for a web URL; an app link as it is. */
function location(target: RedirectTarget, destination: string, url: string): string {
  if (!isWebUrl(destination)) return destination;
  const queryAt = url.indexOf('?');
  return buildLocation(destination, target.forwardQuery, queryAt < 0 ? '' : url.slice(queryAt + 1));
}

/** The slug key a request's path names, or undefined if the redirect does not claim it (on any domain: see keyOn). */
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

/**
 * The answers a flood repeats, built once and never thrown: an Error captures
 * its stack when made, about 4.6 µs here, more than the rest of a fast-lane 404.
 */
const NO_LINK = new NotFound('No short link has this address');
const EXPIRED = new Gone();
/** NotFound's shape, computed once: problemShape of a domain error searches and allocates each time. */
const NOT_FOUND = problemShape(NO_LINK)!;

/**
 * Browsers get a small page, clients asking for JSON a problem document;
 * written on the bare response, so the fast lane (after lane.begin) and the
 * hot path answer alike.
 */
function fail(req: IncomingMessage, res: ServerResponse, error: DomainError | HttpError): void {
  answerProblem(req, res, problemShape(error)!, error.message);
}

function answerProblem(req: IncomingMessage, res: ServerResponse, shape: ProblemShape, detail: string): void {
  const { status, title, kind, headers } = shape;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (!prefersJson(req)) return sendPage(req, res, status, 'no-store', errorPage(status, title, detail));
  const requestId = res.getHeader('X-Request-Id') as string | undefined;
  const problem: Problem = { type: problemType(kind), title, status, detail, instance: req.url ?? '/', requestId };
  send(req, res, status, 'no-store', 'application/problem+json; charset=utf-8', JSON.stringify(problem));
}

/** Whether the client prefers JSON to HTML, as Express's req.accepts(['html', 'json']) decides (the same library). */
function prefersJson(req: IncomingMessage): boolean {
  const accept = req.headers.accept;
  // What accepts answers for no preference, without building its negotiator: a flood of 404s is mostly these.
  if (accept === undefined || accept === '*/*') return false;
  return accepts(req).type(['html', 'json']) === 'json';
}

function sendPage(req: IncomingMessage, res: ServerResponse, status: number, cacheControl: string, html: string): void {
  send(req, res, status, cacheControl, 'text/html; charset=utf-8', html);
}

function send(req: IncomingMessage, res: ServerResponse, status: number, cacheControl: string, type: string, body: string): void {
  res.statusCode = status;
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** A host that is no domain: a 404 naming it (no Error built: the shape is NotFound's). */
function failUnknownHost(req: IncomingMessage, res: ServerResponse, hostName: string): void {
  answerProblem(req, res, NOT_FOUND, `${hostName === '' ? 'This host' : hostName} is not a domain of this service`);
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

import { z } from 'zod';
import type { OperationSpec, ResponseSpec } from '../../../shared/http/operation';
import type { DocumentedOperation } from '../../../shared/http/route';

/**
 * The public redirect as the OpenAPI document describes it. It has no route:
 * redirect/redirect.ts serves it from the fast lane and the hot path, ahead
 * of every router, so the module lists it as operations it serves outside
 * its router (ModuleInstance.operations).
 */
const redirect = (status: number, meaning: string): ResponseSpec => ({
  description: `${meaning}: the link's \`redirectType\` is ${status}`,
  headers: {
    Location:
      "Where the link's rules send this visitor (the first matching targeting rule, else their A/B variant, else the link's URL), with its UTM parameters and the request's query string passed on when the link has `forwardQuery`",
    'Cache-Control':
      status === 301 || status === 308
        ? 'public, max-age=86400; private, max-age=90 for a link whose answer depends on the visitor (targeting, variants, password, click limit); for a link with an expiry, at most until it expires'
        : 'private, max-age=90, or less for a link that expires sooner',
  },
});

const answers: Pick<OperationSpec<undefined, undefined>, 'tag' | 'responses' | 'problems' | 'htmlProblems' | 'servedBy'> = {
  tag: 'redirect',
  servedBy: 'links: fast path and hot path',
  responses: {
    200: {
      description:
        "A page instead of a redirect: for a link-preview crawler (Slack, X, Facebook…), the link's `socialPreview` as Open Graph tags; for a browser without the password's cookie, the password form, which posts to `/{slug}/unlock`",
      contentType: 'text/html',
      schema: z.string().meta({ description: 'An HTML page' }),
      headers: {
        'Cache-Control': '`public, max-age=300` for the preview page, `no-store` for the form',
        'Set-Cookie': "With the form: sl_csrf, the form's CSRF token, for the short URL's path (HttpOnly, SameSite=Strict)",
      },
    },
    301: redirect(301, 'Moved Permanently'),
    302: {
      ...redirect(302, 'Found'),
      description:
        "Found: the link's `redirectType` is 302; or, on a custom domain with a `notFoundUrl`, no link has this slug there (then `Cache-Control: no-store`)",
    },
    307: redirect(307, 'Temporary Redirect'),
    308: redirect(308, 'Permanent Redirect'),
  },
  problems: {
    401: 'The link has a password and the client asked for JSON: open it in a browser to enter the password',
    404: "No short link has this address on the request's domain, or the host is not a domain of this service (neither the default domain nor a verified custom one)",
    410: 'The link has expired, or has served its `maxClicks`',
    429: 'Too many short URLs without a link, or hosts that are no domain, from this address (RATE_LIMIT_UNKNOWN_SLUGS): try again after Retry-After seconds. Redirects of known links are never limited',
  },
  htmlProblems: true,
};

const served =
  "The slug is looked up on the request's domain only (`Host`, or with TRUST_PROXY a trusted proxy's `X-Forwarded-Host`): PUBLIC_BASE_URL's host and DEFAULT_DOMAIN_HOSTS serve the links without a `domain`, a verified custom domain its own links; any other host answers 404. " +
  'Served by the fast lane, ahead of the routes: a link in the redirect cache is answered before Express sees the request, any other by a middleware in front of the routers. ' +
  'A path that cannot be a slug, or is reserved for the service (`v1`, `docs`, `healthz`…), is not a redirect. ' +
  'A problem goes to a client that prefers HTML (a browser) as a small page, to one asking for JSON as problem+json; neither may be cached.';

/** `/` on a custom domain: its `rootUrl`, or the 404 page. */
const root: Pick<OperationSpec<undefined, undefined>, 'tag' | 'responses' | 'problems' | 'htmlProblems' | 'servedBy' | 'description'> = {
  tag: 'redirect',
  servedBy: 'links: fast path and hot path',
  description:
    "On a verified custom domain, redirects to the domain's `rootUrl`. On the default domain's hosts a browser (`Accept: text/html`) is sent to the dashboard at `/app/`, any other client gets the generic 404; on a host that is no domain of this service, the unknown-host 404.",
  responses: {
    302: {
      description: "The domain's `rootUrl`; on the default domain, for a browser, the dashboard",
      headers: { Location: "The domain's `rootUrl`, or `/app/`", 'Cache-Control': '`private, max-age=90`; `no-cache` to the dashboard' },
    },
  },
  problems: { 404: 'The domain has no `rootUrl`, the host is no domain of this service, or it is the default domain' },
  htmlProblems: true,
};

export const redirectOperations: readonly DocumentedOperation[] = [
  { method: 'get', path: '/', spec: { ...root, summary: "Open a custom domain's root" } },
  { method: 'head', path: '/', spec: { ...root, summary: "Check a custom domain's root" } },
  {
    method: 'get',
    path: '/:slug',
    spec: {
      ...answers,
      summary: 'Follow a short link',
      description: `Redirects to the link's target with the link's redirect status, and records the click for analytics. The slug is matched ignoring case.\n\n${served}`,
    },
  },
  {
    method: 'head',
    path: '/:slug',
    spec: {
      ...answers,
      summary: 'Check a short link',
      description: `As GET, without a body and without recording a click: for link checkers.\n\n${served}`,
    },
  },
];

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
    302: redirect(302, 'Found'),
    307: redirect(307, 'Temporary Redirect'),
    308: redirect(308, 'Permanent Redirect'),
  },
  problems: {
    401: 'The link has a password and the client asked for JSON: open it in a browser to enter the password',
    404: 'No short link has this address',
    410: 'The link has expired, or has served its `maxClicks`',
  },
  htmlProblems: true,
};

const served =
  'Served by the fast lane, ahead of the routes: a link in the redirect cache is answered before Express sees the request, any other by a middleware in front of the routers. ' +
  'A path that cannot be a slug, or is reserved for the service (`v1`, `docs`, `healthz`…), is not a redirect. ' +
  'A problem goes to a client that prefers HTML (a browser) as a small page, to one asking for JSON as problem+json; neither may be cached.';

export const redirectOperations: readonly DocumentedOperation[] = [
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

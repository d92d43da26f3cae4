import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { Unavailable } from '../errors';
import type { OperationSpec } from './operation';
import type { DocumentedOperation } from './route';
import { webBuildIn, type Encoding, type WebBuild } from './web-assets';

/**
 * A single-page web app served under `base` (the dashboard, under /app):
 * every page path answers the HTML shell, whose script routes on the
 * client; `<base>/assets/*` are the build's content-hashed files, kept for
 * a year and sent precompressed as the browser accepts. `/` sends a browser
 * to the app, and leaves other clients to the routes after it (a 404).
 *
 * A middleware rather than routes, as /docs' files are: the paths below
 * `base` are the client's. Each response names its documented pattern
 * (`<base>/*`, `<base>/assets/:file`) as its route, for the metrics and
 * the access log, never the raw path (webAppOperations).
 */

/** Only the build's own files: no inline script or style, nothing from elsewhere, no framing, forms posting only here. */
export const WEB_APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const IMMUTABLE = 'public, max-age=31536000, immutable';

export interface WebAppOptions {
  /** Where it is served, without a trailing slash: `/app`. */
  base: string;
  /** The build directory (manifest.json, index.html, assets/). */
  directory: string;
  /**
   * Whether a request's host serves the app; elsewhere its paths fall through
   * to the routes after it (a workspace's custom domain keeps its own `/` and
   * slugs, and never shows a sign-in page). Every host when left out.
   */
  isOrigin?: (host: string) => boolean | Promise<boolean>;
}

export function webApp({ base, directory, isOrigin }: WebAppOptions): RequestHandler {
  const current = webBuildIn(directory);
  const assets = `${base}/assets/`;
  const serve: RequestHandler = (req, res, next) => {
    const path = req.path;
    if (path === '/') {
      // A browser opening the service's own address: the dashboard. An API client keeps its 404.
      if (req.accepts(['json', 'html']) !== 'html') return next();
      res.locals.route = '/';
      res.statusCode = 302;
      res.setHeader('Location', `${base}/`);
      res.setHeader('Cache-Control', 'no-cache');
      return void res.end();
    }
    const build = current();
    if (path.startsWith(assets)) {
      res.locals.route = `${assets}:file`;
      const asset = build?.assets.get(path.slice(base.length + 1));
      if (asset === undefined) return next();
      const encoding = chooseEncoding(req.headers['accept-encoding']);
      const body = asset.bodies[encoding];
      res.setHeader('Content-Type', asset.type);
      res.setHeader('Cache-Control', IMMUTABLE);
      res.setHeader('Vary', 'Accept-Encoding');
      if (encoding !== 'identity') res.setHeader('Content-Encoding', encoding);
      return send(req, res, body);
    }
    res.locals.route = `${base}/*`;
    sendShell(req, res, build);
  };
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path !== '/' && req.path !== base && !req.path.startsWith(`${base}/`)) return next();
    if (!isOrigin) return serve(req, res, next);
    const origin = isOrigin(req.host);
    if (origin === true) return serve(req, res, next);
    if (origin === false) return next();
    return origin.then((yes) => (yes ? serve(req, res, next) : next()));
  };
}

/**
 * The smallest copy the client takes: brotli, then gzip, then the file as it
 * is. By the server's preference, not the header's order (browsers list
 * gzip first), and `q=0` refuses an encoding.
 */
export function chooseEncoding(header: string | undefined): Encoding {
  const weights = new Map<string, number>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.split(';').map((piece) => piece.trim());
    const q = params.find((param) => param.startsWith('q='));
    if (name !== '') weights.set(name, q === undefined ? 1 : Number(q.slice(2)));
  }
  const takes = (encoding: string) => (weights.get(encoding) ?? weights.get('*') ?? 0) > 0;
  if (takes('br')) return 'br';
  if (takes('gzip')) return 'gzip';
  return 'identity';
}

function sendShell(req: Request, res: Response, build: WebBuild | undefined): void {
  if (build === undefined) throw new Unavailable('The dashboard is not built: run `npm run build` (or `npm run dev`, which rebuilds it on change)');
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  // Always asked again: a new build names new assets.
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Content-Security-Policy', WEB_APP_CSP);
  send(req, res, build.shell);
}

function send(req: Request, res: Response, body: Buffer): void {
  res.statusCode = 200;
  res.setHeader('Content-Length', body.length);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** What it serves, for the OpenAPI document; `/` is the redirect's operation, whose description says what a browser gets there. */
export function webAppOperations(base: string): DocumentedOperation[] {
  const servedBy = 'platform: the web app handler, ahead of the module routers';
  const shell: OperationSpec<undefined, undefined> = {
    tag: 'dashboard',
    summary: "The dashboard's pages",
    description: `Every path under \`${base}\` answers the web dashboard's HTML shell, whose script shows the page the path names. Never cached without asking again (\`no-cache\`).`,
    servedBy,
    responses: { 200: { description: 'The HTML shell', contentType: 'text/html', schema: z.string() } },
    problems: { 503: 'The dashboard is not built (`npm run build`)' },
  };
  const asset: OperationSpec<undefined, undefined> = {
    tag: 'dashboard',
    summary: "The dashboard's files",
    description:
      'A content-hashed script or style sheet of the build: kept for a year (`immutable`), sent brotli- or gzip-compressed as `Accept-Encoding` allows.',
    servedBy,
    responses: { 200: { description: 'The file', media: { 'text/javascript': null, 'text/css': null, 'application/json': null } } },
    problems: { 404: 'The build has no such file' },
  };
  return [
    { method: 'get', path: `${base}/*`, spec: shell },
    { method: 'get', path: `${base}/assets/:file`, spec: asset },
  ];
}

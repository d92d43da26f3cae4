import type { Request, Response, Router } from 'express';
import { NotFound } from '../../../shared/errors';
import { PayloadTooLarge } from '../../../shared/http/errors';
import { hostKey } from '../../../shared/http/host';
import { operation, type ResponseSpec } from '../../../shared/http/operation';
import { route } from '../../../shared/http/route';
import type { CallerAuth } from '../../../shared/http/auth';
import type { Principal } from '../../identity';
import { LOGO_MAX_BYTES } from '../qr/logo-png';
import type { QrCode, QrCodes, QrOptions } from '../qr/qr-codes';
import type { QrLogo, QrLogos } from '../qr/qr-logos';
import { Gone } from '../redirect/redirect';
import { DATA_URL_PREFIX, qrLogoBody, qrLogoSchema, qrQuery, qrSvgSchema, type QrQuery } from './qr-schemas';

/** Browsers and proxies may keep a public code briefly; the API's is revalidated each time (a 304 is cheap). */
const PUBLIC_CACHE_CONTROL = 'public, max-age=300';
const API_CACHE_CONTROL = 'private, no-cache';

const NO_LOGO = '`logo=true`, and the workspace has no logo (set one with `PUT /v1/qr-logo`)';

function imageResponses(cacheControl: string): Record<number, ResponseSpec> {
  const headers = {
    ETag: 'Strong: names the text, every option and the logo; send it back in If-None-Match',
    'Cache-Control': cacheControl,
  };
  return {
    200: {
      description: 'The QR code',
      media: { 'image/svg+xml': qrSvgSchema, 'image/png': null },
      headers: { ...headers, Vary: '`Accept`, when `format` is left out' },
    },
    304: { description: "Not modified: If-None-Match holds the code's current ETag", headers },
  };
}

/**
 * The QR-code endpoints, on the links router: a link's code for its
 * workspace (`links:read`), the workspace's centre logo, and the public code
 * of a short URL, `GET /<slug>/qr`. The redirect claims only paths of one
 * segment, so this one is a route like any other.
 */
export function qrRoutes(router: Router, qr: QrCodes, logos: QrLogos, auth: CallerAuth<Principal>): void {
  const tag = 'qr-codes';
  const read = auth.requireScope('links:read');
  const write = auth.requireScope('links:write');
  const workspace = (res: Response) => auth.principalOf(res).workspaceId;

  route(router, '/v1/links/:id/qr', {
    get: operation(
      {
        tag,
        summary: 'Get link QR code',
        description:
          "The QR code of the link's `shortUrl`, as SVG (the default) or PNG, whether or not its public code is on. `logo=true` draws the workspace's logo in the centre and raises error correction to H.",
        guard: read,
        ids: { id: 'Link' },
        query: qrQuery,
        responses: imageResponses(API_CACHE_CONTROL),
        problems: { 409: NO_LOGO },
      },
      async ({ query }, req, res) => {
        answer(req, res, await qr.forLink(workspace(res), String(req.params.id), options(query, req, res)), API_CACHE_CONTROL);
      },
    ),
  });

  route(router, '/v1/qr-logo', {
    get: operation(
      {
        tag,
        summary: 'Get QR-code logo',
        guard: read,
        responses: { 200: { description: 'The logo', schema: qrLogoSchema } },
        problems: { 404: 'The workspace has no logo' },
      },
      async (_input, _req, res) => {
        const logo = await logos.find(workspace(res));
        if (!logo) throw new NotFound('This workspace has no QR-code logo');
        res.json(logoView(logo));
      },
    ),
    put: operation(
      {
        tag,
        summary: 'Set QR-code logo',
        description:
          'Replaces any logo. The PNG is checked (signature, dimensions, every chunk) and stored as sent; the codes drawn with the old logo get new ETags.',
        guard: write,
        body: qrLogoBody,
        responses: { 200: { description: 'The logo now set', schema: qrLogoSchema } },
        problems: {
          400: 'The body is not `{ image }` with a PNG data URL, or the image is not a PNG Shortline can read, or it is too large in pixels',
          413: `The body exceeds BODY_LIMIT, or the PNG exceeds ${LOGO_MAX_BYTES} bytes`,
        },
      },
      async ({ body }, _req, res) => {
        const png = Buffer.from(body.image.slice(DATA_URL_PREFIX.length), 'base64');
        if (png.length > LOGO_MAX_BYTES) throw new PayloadTooLarge(`The logo is ${png.length} bytes; at most ${LOGO_MAX_BYTES} are accepted`);
        res.json(logoView(await logos.set(workspace(res), png, 'body.image')));
      },
    ),
    delete: operation(
      {
        tag,
        summary: 'Remove QR-code logo',
        description: 'Codes asked for with `logo=true` answer 409 from then on.',
        guard: write,
        responses: { 204: { description: 'Removed' } },
        problems: { 404: 'The workspace has no logo' },
      },
      async (_input, _req, res) => {
        if (!(await logos.remove(workspace(res)))) throw new NotFound('This workspace has no QR-code logo');
        res.status(204).end();
      },
    ),
  });

  route(router, '/:slug/qr', {
    get: operation(
      {
        tag,
        summary: 'Get short URL QR code',
        description:
          "The public QR code of the short URL `/<slug>`, for anyone, with the options of `GET /v1/links/{id}/qr`. The slug is matched on the request's domain ignoring case, as the redirect matches it; the code holds the link's `shortUrl` as the API shows it. A link whose `publicQr` is false, or on a custom domain whose `publicQr` is false, answers 404, as an unknown slug or host does.",
        query: qrQuery,
        responses: imageResponses(PUBLIC_CACHE_CONTROL),
        problems: {
          404: "No short link has this address on the request's domain, the host is no domain of this service, or the public QR code is off (the link's or its domain's)",
          409: NO_LOGO,
          410: 'The link has expired',
          503: 'This process has spent its time for drawing public codes this second (Retry-After: 1), or the database is unreachable (Retry-After: 5)',
        },
      },
      async ({ query }, req, res) => {
        const target = await qr.publicTarget(hostKey(req.host), String(req.params.slug));
        if (!target) throw new NotFound('No short link has this address');
        if (target.expiresAt !== null && target.expiresAt <= Date.now()) throw new Gone();
        answer(req, res, await qr.forTarget(target, options(query, req, res)), PUBLIC_CACHE_CONTROL);
      },
    ),
  });
}

/** The query's options, the format negotiated from Accept when the query leaves it out. */
function options(query: QrQuery, req: Request, res: Response): QrOptions {
  if (query.format !== undefined) return { ...query, format: query.format };
  res.vary('Accept');
  return { ...query, format: req.accepts(['image/svg+xml', 'image/png']) === 'image/png' ? 'png' : 'svg' };
}

/** 304 when If-None-Match names the code (nothing is drawn), else the image; the headers only once it is drawn (a 400 carries none). */
function answer(req: Request, res: Response, code: QrCode, cacheControl: string): void {
  if (ifNoneMatch(req.headers['if-none-match'], code.etag)) {
    code.notModified();
    res.setHeader('ETag', code.etag);
    res.setHeader('Cache-Control', cacheControl);
    return void res.status(304).end();
  }
  const image = code.image();
  res.setHeader('ETag', code.etag);
  res.setHeader('Cache-Control', cacheControl);
  res.type(code.contentType).send(image);
}

/** If-None-Match compares weakly (RFC 9110, 13.1.2): `W/"x"` names `"x"` too; `*` names any. */
function ifNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const value = tag.trim();
    return value === '*' || value === etag || value === `W/${etag}`;
  });
}

function logoView(logo: QrLogo) {
  return {
    image: `${DATA_URL_PREFIX}${logo.png.toString('base64')}`,
    width: logo.width,
    height: logo.height,
    bytes: logo.png.length,
    digest: logo.digest,
    updatedAt: logo.updatedAt,
  };
}

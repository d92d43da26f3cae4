import path from 'node:path';
import express, { type Router } from 'express';
import { z } from 'zod';
import { operation } from './operation';
import type { oas31 } from 'zod-openapi';
import { route } from './route';

/**
 * The API described and browsable: GET /openapi.json serves the document,
 * GET /docs a Swagger UI page over it. The UI's files come from the
 * swagger-ui-dist package and are served here (no CDN), under a content
 * security policy that lets the page run only them.
 */

const ASSETS = ['swagger-ui.css', 'swagger-ui-bundle.js'];
const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Shortline API</title><link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/docs/assets/swagger-ui-bundle.js"></script><script src="/docs/assets/init.js"></script></body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', deepLinking: true, validatorUrl: null, tryItOutEnabled: false });\n`;

export function apiReference(document: () => oas31.OpenAPIObject): Router {
  const router = express.Router();
  const dist = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  route(router, '/openapi.json', {
    get: operation(
      {
        tag: 'platform',
        summary: 'The OpenAPI document',
        responses: { 200: { description: 'This API as OpenAPI 3.1', schema: z.record(z.string(), z.unknown()) } },
      },
      (_input, _req, res) => void res.json(document()),
    ),
  });
  route(router, '/docs', {
    get: operation(
      {
        tag: 'platform',
        summary: 'The browsable API reference',
        responses: { 200: { description: 'An HTML page', contentType: 'text/html', schema: z.string() } },
      },
      (_input, _req, res) => void res.setHeader('Content-Security-Policy', DOCS_CSP).type('html').send(PAGE),
    ),
  });
  // The page's own files: static, so middleware rather than documented routes.
  router.use('/docs/assets', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const file = req.path.slice(1);
    if (file !== 'init.js' && !ASSETS.includes(file)) return next();
    res.setHeader('Content-Security-Policy', DOCS_CSP);
    res.setHeader('Cache-Control', 'public, max-age=3600');
    if (file === 'init.js') return void res.type('js').send(INIT);
    res.sendFile(path.join(dist, file));
  });
  return router;
}

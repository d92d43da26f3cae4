import express, { type Router } from 'express';
import { z } from 'zod';
import { Invalid, type FieldError } from '../../../shared/errors';
import { problemShape } from '../../../shared/http/errors';
import { requireInternalToken } from '../../../shared/http/internal';
import { operation } from '../../../shared/http/operation';
import { route } from '../../../shared/http/route';
import { parse } from '../../../shared/http/validate';
import type { CallerAuth } from '../../../shared/http/auth';
import type { Principal } from '../../identity';
import {
  bulkAnswerSchema,
  bulkBody,
  linkListSchema,
  linkLookupBody,
  linkPageSchema,
  linkSchema,
  listQuery,
  unlockForm,
  type CreateLinkInput,
  type LinkSchemas,
} from './schemas';
import type { BulkOutcome, LinksService } from '../service';
import type { unlockHandler } from '../redirect/unlock';
import type { RateLimit } from '../../../shared/ratelimit';
import { exportFormatQuery, exportResponse, sendExport } from '../../../shared/http/export';
import type { Logger } from '../../../shared/logging';
import type { Metrics } from '../../../shared/metrics';
import type { LinkExport } from '../exports/link-export';

/** GET /v1/links/export: only the format. */
const exportQuery = z.strictObject({ format: exportFormatQuery });

export interface ExportDeps {
  exporter: LinkExport;
  metrics: Metrics;
  logger: Logger;
}

/** The links API under /v1/links (scopes links:read / links:write): parse, call the service, respond. */
export function linksRouter(
  service: LinksService,
  auth: CallerAuth<Principal>,
  schemas: LinkSchemas,
  internalToken: string | undefined,
  unlock: { handle: ReturnType<typeof unlockHandler>; /** RATE_LIMIT_LINK_UNLOCK, per client address. */ limit: RateLimit | undefined },
  { exporter, metrics, logger }: ExportDeps,
): Router {
  const router = express.Router();
  const tag = 'links';

  // For a module run in another process (remote.ts there): a workspace's links by id.
  if (internalToken !== undefined) {
    route(router, '/internal/links/lookup', {
      post: operation(
        {
          tag,
          summary: 'Look up links',
          description: "A workspace's links among `ids`, for a module run in another process; unknown ids and other workspaces' are left out.",
          guard: requireInternalToken(internalToken),
          body: linkLookupBody,
          responses: { 200: { description: 'The links found', schema: linkListSchema } },
          internal: true,
        },
        async ({ body }, _req, res) => void res.json({ data: await service.findLinks(body.workspaceId, body.ids) }),
      ),
    });
  }
  const read = auth.requireScope('links:read');
  const write = auth.requireScope('links:write');
  const workspace = (res: express.Response) => auth.principalOf(res).workspaceId;

  route(router, '/v1/links', {
    get: operation(
      {
        tag,
        summary: 'List links',
        description: "The workspace's links, newest first, optionally filtered by tag, text and custom domain.",
        guard: read,
        query: listQuery,
        responses: { 200: { description: 'A page of links', schema: linkPageSchema } },
      },
      async ({ query }, _req, res) => void res.json(await service.listLinks(workspace(res), query)),
    ),
    post: operation(
      {
        tag,
        summary: 'Create a link',
        guard: write,
        body: schemas.createLink,
        responses: { 201: { description: 'Created', schema: linkSchema, headers: { Location: 'The link' } } },
        problems: {
          403: 'The workspace has reached its link limit (LINKS_MAX_PER_WORKSPACE unless set for it), or the key lacks the scope',
          409: 'The slug is taken on its domain (slugs are unique per domain across the service, ignoring case)',
        },
      },
      async ({ body }, _req, res) => {
        const link = await service.createLink(workspace(res), body);
        res.status(201).location(`/v1/links/${link.id}`).json(link);
      },
    ),
  });

  route(router, '/v1/links/bulk', {
    post: operation(
      {
        tag,
        summary: 'Create links in bulk',
        description:
          'Up to 1000 links in one transaction. Each item is validated and created on its own: the answer says, per item, its link or the problem that refused it (an invalid item, a slug taken, past the link limit). The request itself is refused (400) only when its body is not `{ links: [...] }` with 1 to 1000 items.',
        guard: write,
        body: bulkBody,
        responses: { 200: { description: 'What became of each item', schema: bulkAnswerSchema } },
      },
      async ({ body }, _req, res) => {
        const valid: { index: number; input: CreateLinkInput }[] = [];
        const invalid: BulkOutcome[] = [];
        body.links.forEach((item, index) => {
          try {
            valid.push({ index, input: parse(schemas.createLink, item, 'body') });
          } catch (error) {
            if (!(error instanceof Invalid)) throw error;
            invalid.push({ index, error: itemInvalid(error, index) });
          }
        });
        // An item the service refused as invalid (its domain) names its field as the request's item.
        const created = (valid.length > 0 ? await service.bulkCreate(workspace(res), valid) : []).map((outcome) =>
          'error' in outcome && outcome.error instanceof Invalid
            ? { index: outcome.index, error: itemInvalid(outcome.error, outcome.index) }
            : outcome,
        );
        const results = [...created, ...invalid].sort((a, b) => a.index - b.index).map(bulkResult);
        const succeeded = results.filter((r) => r.status === 201).length;
        res.status(200).json({ created: succeeded, failed: results.length - succeeded, results });
      },
    ),
  });

  // Before /v1/links/:id, which would take "export" for an id.
  route(router, '/v1/links/export', {
    get: operation(
      {
        tag,
        summary: 'Export links',
        description:
          "Every link of the workspace, oldest first, streamed whatever their number. CSV columns: `slug,url,domain,title,tags,expiresAt,createdAt,clicks` (what a Shortline import reads as format `shortline`): text cells quoted, `tags` comma-separated in one cell, `domain` empty for the default domain, `clicks` the link's human clicks of all time (empty when analytics does not run). A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` so spreadsheets do not run it as a formula; a Shortline import removes it. NDJSON: one Link per line, with `clicks`.",
        guard: read,
        query: exportQuery,
        responses: { 200: exportResponse('The links, as a download', 'a Link (see the Link schema) with `clicks`, an integer or null') },
      },
      ({ query }, _req, res) => sendExport(res, query.format, exporter.spec(workspace(res)), metrics, logger),
    ),
  });

  route(router, '/v1/links/:id', {
    get: operation(
      { tag, summary: 'Get a link', guard: read, ids: { id: 'Link' }, responses: { 200: { description: 'The link', schema: linkSchema } } },
      async (_input, req, res) => void res.json(await service.getLink(workspace(res), String(req.params.id))),
    ),
    patch: operation(
      {
        tag,
        summary: 'Update a link',
        description:
          'Changes the fields given; `null` clears `title` and `expiresAt`. A new slug frees the old one, which stops resolving at once; a new URL is previewed again.',
        guard: write,
        ids: { id: 'Link' },
        body: schemas.updateLink,
        responses: { 200: { description: 'The updated link', schema: linkSchema } },
        problems: { 409: 'The new slug is taken on the domain of the link (slugs are unique per domain, ignoring case)' },
      },
      async ({ body }, req, res) => {
        const id = String(req.params.id);
        res.json(await service.updateLink(workspace(res), id, body));
      },
    ),
    delete: operation(
      {
        tag,
        summary: 'Delete a link',
        description: 'Its slug is freed and stops resolving at once.',
        guard: write,
        ids: { id: 'Link' },
        responses: { 204: { description: 'Deleted' } },
      },
      async (_input, req, res) => {
        await service.deleteLink(workspace(res), String(req.params.id));
        res.status(204).end();
      },
    ),
  });

  // The password form's answer (redirect/unlock.ts); its pages are HTML, as the redirect's.
  route(router, '/:slug/unlock', {
    post: operation(
      {
        tag: 'redirect',
        summary: 'Unlock a password-protected link',
        description:
          "What the password form a protected link shows posts. `csrf` must equal the form's cookie (SameSite=Strict); a stale or foreign form is sent back to the short URL for a fresh one. Wrong passwords show the form again; after 5, each further one locks this address out of this link for twice as long as the last (429).",
        form: true,
        body: unlockForm,
        rateLimit: { limit: unlock.limit, what: 'password forms answered from this address' },
        responses: {
          303: {
            description:
              'The password was right (the unlock cookie is set for LINK_PASSWORD_REMEMBER_S), the form was stale, or the link has no password: back to the short URL',
            headers: {
              Location: 'The short URL, with the query string the form was shown for',
              'Set-Cookie': "sl_unlock, scoped to the short URL's path, when the password was right",
            },
          },
          403: { description: 'Wrong password: the form again, saying so', contentType: 'text/html', schema: htmlPage },
        },
        problems: {
          404: 'No short link has this address',
          429: 'Too many wrong passwords for this link from this address (a page), or too many forms answered from this address (RATE_LIMIT_LINK_UNLOCK): try again after Retry-After seconds',
        },
        htmlProblems: true,
      },
      ({ body }, req, res) => unlock.handle(body, req, res),
    ),
  });

  return router;
}

const htmlPage = z.string().meta({ description: 'An HTML page' });

/** An item's validation error with its fields named within the bulk request (`body.links.<index>.<field>`). */
function itemInvalid(error: Invalid, index: number): Invalid {
  const errors: FieldError[] = error.errors.map((e) => ({ ...e, field: e.field.replace(/^body/, `body.links.${index}`) }));
  return new Invalid(error.message, errors);
}

/** One item's entry in the bulk answer: 201 with its link, or the status and problem its error maps to. */
function bulkResult(outcome: BulkOutcome) {
  if ('link' in outcome) return { index: outcome.index, status: 201, link: outcome.link };
  const { status, title } = problemShape(outcome.error)!;
  const errors = outcome.error instanceof Invalid && outcome.error.errors.length > 0 ? { errors: outcome.error.errors } : {};
  return { index: outcome.index, status, error: { title, detail: outcome.error.message, ...errors } };
}

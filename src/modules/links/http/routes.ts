import express, { type Router } from 'express';
import { Invalid, NotFound, type FieldError } from '../../../shared/errors';
import { problemShape } from '../../../shared/http/errors';
import { requireInternalToken } from '../../../shared/http/internal';
import { route } from '../../../shared/http/route';
import { idParam, parse, parseBody, parseQuery } from '../../../shared/http/validate';
import type { BearerAuth } from '../../../shared/http/auth';
import type { Principal } from '../../identity';
import { bulkBody, linkLookupBody, listQuery, type CreateLinkInput, type LinkSchemas } from './schemas';
import type { BulkOutcome, LinksService } from '../service';

/** The links API under /v1/links: parse, call the service, respond. */
export function linksRouter(service: LinksService, auth: BearerAuth<Principal>, schemas: LinkSchemas, internalToken: string | undefined): Router {
  const router = express.Router();

  // For a module run in another process (remote.ts there): a workspace's links by id.
  if (internalToken !== undefined) {
    route(router, '/internal/links/lookup', {
      post: [
        requireInternalToken(internalToken),
        async (req, res) => {
          const { workspaceId, ids } = parseBody(linkLookupBody, req);
          res.json({ data: await service.findLinks(workspaceId, ids) });
        },
      ],
    });
  }
  const read = auth.requireScope('links:read');
  const write = auth.requireScope('links:write');
  const workspace = (res: express.Response) => auth.principalOf(res).workspaceId;
  const linkId = (req: express.Request) => idParam(req, (id) => new NotFound(`Link ${id} does not exist`));

  route(router, '/v1/links', {
    get: [read, async (req, res) => void res.json(await service.listLinks(workspace(res), parseQuery(listQuery, req)))],
    post: [
      write,
      async (req, res) => {
        const link = await service.createLink(workspace(res), parseBody(schemas.createLink, req));
        res.status(201).location(`/v1/links/${link.id}`).json(link);
      },
    ],
  });

  route(router, '/v1/links/bulk', {
    post: [
      write,
      async (req, res) => {
        const { links } = parseBody(bulkBody, req);
        const valid: { index: number; input: CreateLinkInput }[] = [];
        const invalid: BulkOutcome[] = [];
        links.forEach((item, index) => {
          try {
            valid.push({ index, input: parse(schemas.createLink, item, 'body') });
          } catch (error) {
            if (!(error instanceof Invalid)) throw error;
            const errors: FieldError[] = error.errors.map((e) => ({ ...e, field: e.field.replace(/^body/, `body.links.${index}`) }));
            invalid.push({ index, error: new Invalid(error.message, errors) });
          }
        });
        const created = valid.length > 0 ? await service.bulkCreate(workspace(res), valid) : [];
        const results = [...created, ...invalid].sort((a, b) => a.index - b.index).map(bulkResult);
        const succeeded = results.filter((r) => r.status === 201).length;
        res.status(200).json({ created: succeeded, failed: results.length - succeeded, results });
      },
    ],
  });

  route(router, '/v1/links/:id', {
    get: [read, async (req, res) => void res.json(await service.getLink(workspace(res), linkId(req)))],
    patch: [
      write,
      async (req, res) => {
        const id = linkId(req);
        res.json(await service.updateLink(workspace(res), id, parseBody(schemas.updateLink, req)));
      },
    ],
    delete: [
      write,
      async (req, res) => {
        await service.deleteLink(workspace(res), linkId(req));
        res.status(204).end();
      },
    ],
  });

  return router;
}

/** One item's entry in the bulk answer: 201 with its link, or the status and problem its error maps to. */
function bulkResult(outcome: BulkOutcome) {
  if ('link' in outcome) return { index: outcome.index, status: 201, link: outcome.link };
  const { status, title } = problemShape(outcome.error)!;
  const errors = outcome.error instanceof Invalid && outcome.error.errors.length > 0 ? { errors: outcome.error.errors } : {};
  return { index: outcome.index, status, error: { title, detail: outcome.error.message, ...errors } };
}

import express, { type Router } from 'express';
import type { CallerAuth } from '../../../shared/http/auth';
import { operation } from '../../../shared/http/operation';
import { route } from '../../../shared/http/route';
import type { Principal } from '../../identity';
import type { DomainsService } from '../service';
import { createDomain, domainListSchema, domainSchema, updateDomain } from './schemas';

/** The domains API under /v1/domains (scopes domains:read / domains:write): parse, call the service, respond. */
export function domainsRouter(service: DomainsService, auth: CallerAuth<Principal>): Router {
  const router = express.Router();
  const tag = 'domains';
  const read = auth.requireScope('domains:read');
  const write = auth.requireScope('domains:write');
  const workspace = (res: express.Response) => auth.principalOf(res).workspaceId;

  route(router, '/v1/domains', {
    get: operation(
      {
        tag,
        summary: 'List domains',
        guard: read,
        responses: { 200: { description: "The workspace's domains, oldest first", schema: domainListSchema } },
      },
      async (_input, _req, res) => void res.json(await service.list(workspace(res))),
    ),
    post: operation(
      {
        tag,
        summary: 'Add a domain',
        description:
          'Claims a host name for the workspace, pending until verified: create the TXT record the answer names, then call verify. A domain serves short links only once verified; point its DNS (A/AAAA or CNAME) at Shortline as well.',
        guard: write,
        body: createDomain,
        responses: { 201: { description: 'Added, pending verification', schema: domainSchema, headers: { Location: 'The domain' } } },
        problems: {
          403: 'The workspace has DOMAINS_MAX_PER_WORKSPACE domains, or the key lacks the scope',
          409: 'The host name is claimed already, by this workspace or another (a domain belongs to one workspace)',
        },
      },
      async ({ body }, _req, res) => {
        const domain = await service.create(workspace(res), body);
        res.status(201).location(`/v1/domains/${domain.id}`).json(domain);
      },
    ),
  });

  route(router, '/v1/domains/:id', {
    get: operation(
      { tag, summary: 'Get a domain', guard: read, ids: { id: 'Domain' }, responses: { 200: { description: 'The domain', schema: domainSchema } } },
      async (_input, req, res) => void res.json(await service.get(workspace(res), String(req.params.id))),
    ),
    patch: operation(
      {
        tag,
        summary: 'Update a domain',
        description:
          "Changes where `/` and unknown slugs on the domain go (`null`: the 404 page) and whether its links' public QR codes are served; every process follows at once. The host name cannot change: add another domain.",
        guard: write,
        ids: { id: 'Domain' },
        body: updateDomain,
        responses: { 200: { description: 'The updated domain', schema: domainSchema } },
      },
      async ({ body }, req, res) => void res.json(await service.update(workspace(res), String(req.params.id), body)),
    ),
    delete: operation(
      {
        tag,
        summary: 'Delete a domain',
        description: 'Only a domain without links: delete its links first. Its host name is free again at once.',
        guard: write,
        ids: { id: 'Domain' },
        responses: { 204: { description: 'Deleted' } },
        problems: { 409: 'Links still live on the domain' },
      },
      async (_input, req, res) => {
        await service.remove(workspace(res), String(req.params.id));
        res.status(204).end();
      },
    ),
  });

  route(router, '/v1/domains/:id/verify', {
    post: operation(
      {
        tag,
        summary: 'Verify a domain',
        description:
          "Asks DNS (DOMAINS_DNS_SERVERS, else the system's resolvers) for the TXT record at `verification.name`; when one holds `verification.value` the domain is verified for good and starts serving. A verified domain answers as it is.",
        guard: write,
        ids: { id: 'Domain' },
        responses: { 200: { description: 'The domain, verified', schema: domainSchema } },
        problems: {
          409: 'DNS has no such record: the detail says what it found (no TXT record, or other values)',
          503: 'DNS did not answer (the resolver is down or timed out); try again',
        },
      },
      async (_input, req, res) => void res.json(await service.verify(workspace(res), String(req.params.id))),
    ),
  });

  return router;
}

import express, { type RequestHandler, type Router } from 'express';
import { bearerMatches } from '../../../shared/http/bearer';
import { NotFound, Unauthenticated } from '../../../shared/errors';
import { requireInternalToken } from '../../../shared/http/internal';
import { route } from '../../../shared/http/route';
import { idParam, parseBody } from '../../../shared/http/validate';
import type { BearerAuth } from '../../../shared/http/auth';
import type { Principal } from '../types';
import { createApiKeyBody, createWorkspaceBody, principalLookupBody } from './schemas';
import type { IdentityService } from '../service';

/** HTTP for workspaces and API keys: parse, call the service, respond. */
export function identityRouter(
  service: IdentityService,
  auth: BearerAuth<Principal>,
  adminToken: string | undefined,
  internalToken: string | undefined,
): Router {
  const router = express.Router();

  // For a module run in another process (remote.ts there): who a key is.
  if (internalToken !== undefined) {
    route(router, '/internal/identity/principals', {
      post: [
        requireInternalToken(internalToken),
        async (req, res) => {
          const { key } = parseBody(principalLookupBody, req);
          // null for an unknown or revoked key: a 404 would be indistinguishable from a missing route.
          res.json({ principal: (await service.lookupUncached(key)) ?? null });
        },
      ],
    });
  }

  route(router, '/v1/workspaces', {
    post: [
      requireAdmin(adminToken),
      async (req, res) => {
        const body = parseBody(createWorkspaceBody, req);
        res.status(201).json(await service.createWorkspace(body.name));
      },
    ],
  });

  route(router, '/v1/workspace', {
    get: [
      auth.requireScope(null),
      async (_req, res) => {
        res.json(await service.getWorkspace(auth.principalOf(res).workspaceId));
      },
    ],
  });

  route(router, '/v1/api-keys', {
    get: [
      auth.requireScope('keys:write'),
      async (_req, res) => {
        res.json({ data: await service.listApiKeys(auth.principalOf(res).workspaceId) });
      },
    ],
    post: [
      auth.requireScope('keys:write'),
      async (req, res) => {
        const body = parseBody(createApiKeyBody, req);
        res.status(201).json(await service.createApiKey(auth.principalOf(res), body.name, body.scopes));
      },
    ],
  });

  route(router, '/v1/api-keys/:id', {
    delete: [
      auth.requireScope('keys:write'),
      async (req, res) => {
        const id = idParam(req, (bad) => new NotFound(`API key ${bad} does not exist`));
        await service.revokeApiKey(auth.principalOf(res).workspaceId, id);
        res.status(204).end();
      },
    ],
  });

  return router;
}

function requireAdmin(adminToken: string | undefined): RequestHandler {
  return (req, _res, next) => {
    if (adminToken === undefined) {
      throw new NotFound('The admin API is disabled: set ADMIN_TOKEN to enable POST /v1/workspaces');
    }
    if (!bearerMatches(req.headers.authorization, adminToken)) {
      throw new Unauthenticated('POST /v1/workspaces needs Authorization: Bearer <ADMIN_TOKEN>');
    }
    next();
  };
}

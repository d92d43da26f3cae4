import express, { type Router } from 'express';
import { bearerMatches } from '../../../shared/http/bearer';
import { NotFound, Unauthenticated } from '../../../shared/errors';
import { requireInternalToken } from '../../../shared/http/internal';
import { guard, operation, type Guard } from '../../../shared/http/operation';
import { route } from '../../../shared/http/route';
import type { CallerAuth } from '../../../shared/http/auth';
import type { Principal } from '../types';
import {
  apiKeyListSchema,
  createApiKeyBody,
  createdApiKeySchema,
  createdWorkspaceSchema,
  createWorkspaceBody,
  principalLookupBody,
  principalLookupSchema,
  workspaceSchema,
} from './schemas';
import type { IdentityService } from '../service';
import type { AccountService } from '../accounts/account-service';
import type { MemberService } from '../accounts/member-service';
import { memberRoutes } from './member-routes';
import { sessionRoutes, type SessionRouteOptions } from './session-routes';

/** HTTP for workspaces, API keys, sessions and members: parse, call the service, respond. */
export interface IdentityRouterOptions extends SessionRouteOptions {
  adminToken: string | undefined;
  internalToken: string | undefined;
}

export function identityRouter(
  service: IdentityService,
  accounts: AccountService,
  members: MemberService,
  auth: CallerAuth<Principal>,
  options: IdentityRouterOptions,
): Router {
  const { adminToken, internalToken } = options;
  const router = express.Router();
  const tag = 'identity';
  const keysWrite = auth.requireScope('keys:write');
  const workspace = (res: express.Response) => auth.principalOf(res).workspaceId;

  // For a module run in another process (remote.ts there): who a key is.
  if (internalToken !== undefined) {
    route(router, '/internal/identity/principals', {
      post: operation(
        {
          tag,
          summary: 'Look up a principal',
          description: 'For a process that runs a module apart from identity: who an API key it was presented stands for.',
          internal: true,
          guard: requireInternalToken(internalToken),
          body: principalLookupBody,
          // null for an unknown or revoked key: a 404 would be indistinguishable from a missing route.
          responses: { 200: { description: 'The principal, or null', schema: principalLookupSchema } },
        },
        async ({ body }, _req, res) => void res.json({ principal: (await service.lookupUncached(body.key)) ?? null }),
      ),
    });
  }

  route(router, '/v1/workspaces', {
    post: operation(
      {
        tag,
        summary: 'Create a workspace',
        description:
          "The operator's call (ADMIN_TOKEN): a new workspace and its bootstrap API key, which carries every scope. The answer is the only one that carries the key.",
        guard: requireAdmin(adminToken),
        body: createWorkspaceBody,
        responses: {
          201: { description: 'Created, with its bootstrap key', schema: createdWorkspaceSchema, headers: { 'Cache-Control': 'no-store' } },
        },
        problems: { 404: 'The admin API is disabled: ADMIN_TOKEN is not set' },
      },
      // The key is shown only in this answer: no cache may keep it.
      async ({ body }, _req, res) =>
        void res
          .status(201)
          .set('Cache-Control', 'no-store')
          .json(await service.createWorkspace(body.name)),
    ),
  });

  route(router, '/v1/workspace', {
    get: operation(
      {
        tag,
        summary: 'Get the workspace',
        description: 'The workspace of the calling key or session; any valid credential may ask.',
        guard: auth.requireScope(null),
        responses: { 200: { description: 'The workspace', schema: workspaceSchema } },
      },
      async (_input, _req, res) => void res.json(await service.getWorkspace(workspace(res))),
    ),
  });

  route(router, '/v1/api-keys', {
    get: operation(
      {
        tag,
        summary: 'List API keys',
        description: "The workspace's keys that are not revoked, oldest first; never their secrets.",
        guard: keysWrite,
        responses: { 200: { description: "The workspace's keys", schema: apiKeyListSchema } },
      },
      async (_input, _req, res) => void res.json({ data: await service.listApiKeys(workspace(res)) }),
    ),
    post: operation(
      {
        tag,
        summary: 'Create an API key',
        description: 'A key can grant only scopes it holds itself. The answer is the only one that carries the key.',
        guard: keysWrite,
        body: createApiKeyBody,
        responses: { 201: { description: 'Created, with its key', schema: createdApiKeySchema, headers: { 'Cache-Control': 'no-store' } } },
        problems: { 403: 'The calling key lacks `keys:write`, or a scope it would grant' },
      },
      async ({ body }, _req, res) =>
        void res
          .status(201)
          .set('Cache-Control', 'no-store')
          .json(await service.createApiKey(auth.principalOf(res), body.name, body.scopes)),
    ),
  });

  route(router, '/v1/api-keys/:id', {
    delete: operation(
      {
        tag,
        summary: 'Revoke an API key',
        description:
          'The key stops working at once, in every process. A key can revoke only keys whose scopes it holds itself. Keys the revoked key made keep working: revoke them too if they should go (the audit trail names the key that made each).',
        guard: keysWrite,
        ids: { id: 'API key' },
        responses: { 204: { description: 'Revoked' } },
        problems: { 403: 'The calling key lacks `keys:write`, or a scope the key to revoke holds' },
      },
      async (_input, req, res) => {
        const id = String(req.params.id);
        await service.revokeApiKey(auth.principalOf(res), id);
        res.status(204).end();
      },
    ),
  });

  sessionRoutes(router, accounts, auth, options);
  memberRoutes(router, members, auth, options);
  return router;
}

function requireAdmin(adminToken: string | undefined): Guard {
  return guard(
    (req, _res, next) => {
      if (adminToken === undefined) {
        throw new NotFound('The admin API is disabled: set ADMIN_TOKEN to enable POST /v1/workspaces');
      }
      if (!bearerMatches(req.headers.authorization, adminToken)) {
        throw new Unauthenticated('POST /v1/workspaces needs Authorization: Bearer <ADMIN_TOKEN>');
      }
      next();
    },
    { scheme: 'adminToken' },
  );
}

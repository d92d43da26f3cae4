import express, { type Router } from 'express';
import type { CallerAuth } from '../../../shared/http/auth';
import { operation } from '../../../shared/http/operation';
import { route } from '../../../shared/http/route';
import type { Principal } from '../../identity';
import type { AuditService } from '../service';
import { auditPageSchema, auditQuery } from './schemas';

/** The audit API: GET /v1/audit (scope audit:read). */
export function auditRouter(service: AuditService, auth: CallerAuth<Principal>): Router {
  const router = express.Router();
  const read = auth.requireScope('audit:read');

  route(router, '/v1/audit', {
    get: operation(
      {
        tag: 'audit',
        summary: 'List the audit trail',
        description:
          "Who (an API key or a person) created, changed or deleted the workspace's links, domains, webhooks, API keys, members and invitations, newest first. Entries are written in the background from the changes' events, so one appears a moment after its change.",
        guard: read,
        query: auditQuery,
        responses: { 200: { description: 'A page of entries', schema: auditPageSchema } },
      },
      async ({ query }, _req, res) => void res.json(await service.list(auth.principalOf(res).workspaceId, query)),
    ),
  });
  return router;
}

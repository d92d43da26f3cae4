import express, { type Router } from 'express';
import { NotFound } from '../../../shared/errors';
import { route } from '../../../shared/http/route';
import { idParam, parseBody, parseQuery } from '../../../shared/http/validate';
import type { BearerAuth } from '../../../shared/http/auth';
import type { Principal } from '../../identity';
import { createWebhook, deliveriesQuery, updateWebhook } from './schemas';
import type { WebhooksService } from '../service';

/** The webhooks API under /v1/webhooks (scopes webhooks:read / webhooks:write): parse, call the service, respond. */
export function webhooksRouter(service: WebhooksService, auth: BearerAuth<Principal>): Router {
  const router = express.Router();
  const read = auth.requireScope('webhooks:read');
  const write = auth.requireScope('webhooks:write');
  const workspace = (res: express.Response) => auth.principalOf(res).workspaceId;
  const webhookId = (req: express.Request) => idParam(req, (id) => new NotFound(`Webhook ${id} does not exist`));
  const deliveryId = (req: express.Request) => idParam(req, (id) => new NotFound(`Delivery ${id} does not exist`), 'deliveryId');

  route(router, '/v1/webhooks', {
    get: [read, async (_req, res) => void res.json(await service.list(workspace(res)))],
    post: [
      write,
      async (req, res) => {
        const created = await service.create(workspace(res), parseBody(createWebhook, req));
        // The one response that carries the secret: no cache may keep it.
        res.status(201).set('Cache-Control', 'no-store').location(`/v1/webhooks/${created.id}`).json(created);
      },
    ],
  });

  route(router, '/v1/webhooks/:id', {
    get: [read, async (req, res) => void res.json(await service.get(workspace(res), webhookId(req)))],
    patch: [
      write,
      async (req, res) => {
        const id = webhookId(req);
        res.json(await service.update(workspace(res), id, parseBody(updateWebhook, req)));
      },
    ],
    delete: [
      write,
      async (req, res) => {
        await service.remove(workspace(res), webhookId(req));
        res.status(204).end();
      },
    ],
  });

  route(router, '/v1/webhooks/:id/test', {
    post: [write, async (req, res) => void res.json(await service.ping(workspace(res), webhookId(req)))],
  });

  route(router, '/v1/webhooks/:id/deliveries', {
    get: [
      read,
      async (req, res) => {
        const id = webhookId(req);
        res.json(await service.deliveries(workspace(res), id, parseQuery(deliveriesQuery, req)));
      },
    ],
  });

  route(router, '/v1/webhooks/:id/deliveries/:deliveryId/redeliver', {
    post: [
      write,
      async (req, res) => {
        const id = webhookId(req);
        res.status(202).json(await service.redeliver(workspace(res), id, deliveryId(req)));
      },
    ],
  });

  return router;
}

import express, { type Router } from 'express';
import type { CallerAuth } from '../../../shared/http/auth';
import { operation } from '../../../shared/http/operation';
import { route } from '../../../shared/http/route';
import type { Principal } from '../../identity';
import type { WebhooksService } from '../service';
import {
  createdWebhookSchema,
  createWebhook,
  deliveriesQuery,
  deliveryPageSchema,
  deliverySchema,
  pingResultSchema,
  updateWebhook,
  webhookListSchema,
  webhookSchema,
} from './schemas';

/** The webhooks API under /v1/webhooks (scopes webhooks:read / webhooks:write): parse, call the service, respond. */
export function webhooksRouter(service: WebhooksService, auth: CallerAuth<Principal>): Router {
  const router = express.Router();
  const tag = 'webhooks';
  const read = auth.requireScope('webhooks:read');
  const write = auth.requireScope('webhooks:write');
  const workspace = (res: express.Response) => auth.principalOf(res).workspaceId;

  route(router, '/v1/webhooks', {
    get: operation(
      { tag, summary: 'List webhooks', guard: read, responses: { 200: { description: "The workspace's webhooks", schema: webhookListSchema } } },
      async (_input, _req, res) => void res.json(await service.list(workspace(res))),
    ),
    post: operation(
      {
        tag,
        summary: 'Create a webhook',
        description:
          'The answer is the only one that carries the signing secret. The URL must resolve to a public address (unless OUTBOUND_ALLOW permits it).',
        guard: write,
        body: createWebhook,
        responses: {
          201: {
            description: 'Created, with its secret',
            schema: createdWebhookSchema,
            headers: { Location: 'The webhook', 'Cache-Control': 'no-store' },
          },
        },
        problems: { 403: 'The workspace has WEBHOOKS_MAX_PER_WORKSPACE webhooks, or the key lacks the scope' },
      },
      async ({ body }, _req, res) => {
        const created = await service.create(workspace(res), body);
        // The one response that carries the secret: no cache may keep it.
        res.status(201).set('Cache-Control', 'no-store').location(`/v1/webhooks/${created.id}`).json(created);
      },
    ),
  });

  route(router, '/v1/webhooks/:id', {
    get: operation(
      {
        tag,
        summary: 'Get a webhook',
        guard: read,
        ids: { id: 'Webhook' },
        responses: { 200: { description: 'The webhook', schema: webhookSchema } },
      },
      async (_input, req, res) => void res.json(await service.get(workspace(res), String(req.params.id))),
    ),
    patch: operation(
      {
        tag,
        summary: 'Update a webhook',
        description: 'Enabling a disabled webhook clears its failures.',
        guard: write,
        ids: { id: 'Webhook' },
        body: updateWebhook,
        responses: { 200: { description: 'The updated webhook', schema: webhookSchema } },
      },
      async ({ body }, req, res) => {
        const id = String(req.params.id);
        res.json(await service.update(workspace(res), id, body));
      },
    ),
    delete: operation(
      { tag, summary: 'Delete a webhook', guard: write, ids: { id: 'Webhook' }, responses: { 204: { description: 'Deleted, with its deliveries' } } },
      async (_input, req, res) => {
        await service.remove(workspace(res), String(req.params.id));
        res.status(204).end();
      },
    ),
  });

  route(router, '/v1/webhooks/:id/test', {
    post: operation(
      {
        tag,
        summary: 'Send a test ping',
        description: 'Sends a signed `ping` event now and answers what the receiver said.',
        guard: write,
        ids: { id: 'Webhook' },
        responses: { 200: { description: 'What the receiver answered', schema: pingResultSchema } },
      },
      async (_input, req, res) => void res.json(await service.ping(workspace(res), String(req.params.id))),
    ),
  });

  route(router, '/v1/webhooks/:id/deliveries', {
    get: operation(
      {
        tag,
        summary: 'List deliveries',
        description: "The webhook's delivery log, newest first.",
        guard: read,
        ids: { id: 'Webhook' },
        query: deliveriesQuery,
        responses: { 200: { description: 'A page of deliveries', schema: deliveryPageSchema } },
      },
      async ({ query }, req, res) => {
        const id = String(req.params.id);
        res.json(await service.deliveries(workspace(res), id, query));
      },
    ),
  });

  route(router, '/v1/webhooks/:id/deliveries/:deliveryId/redeliver', {
    post: operation(
      {
        tag,
        summary: 'Redeliver a delivery',
        description: 'Sends the same body again, with a fresh set of attempts.',
        guard: write,
        ids: { id: 'Webhook', deliveryId: 'Delivery' },
        responses: { 202: { description: 'Queued', schema: deliverySchema } },
        problems: { 409: 'The webhook is disabled, or the delivery is a test ping' },
      },
      async (_input, req, res) => {
        const id = String(req.params.id);
        res.status(202).json(await service.redeliver(workspace(res), id, String(req.params.deliveryId)));
      },
    ),
  });

  return router;
}

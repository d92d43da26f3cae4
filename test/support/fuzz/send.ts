import request from 'supertest';
import type { World } from './world';
import { ADMIN, INTERNAL_TOKEN, LOGO } from './world';
import type { FuzzRequest } from './requests';

/** A path parameter of A's that a valid request would use up or change for the rest of the run (a DELETE, a new slug): a new one each time. */
const FRESH = new Set([
  'DELETE /v1/links/{id}',
  'PATCH /v1/links/{id}',
  'DELETE /v1/domains/{id}',
  'PATCH /v1/domains/{id}',
  'DELETE /v1/webhooks/{id}',
  'PATCH /v1/webhooks/{id}',
  'DELETE /v1/api-keys/{id}',
  'PATCH /v1/members/{id}',
  'DELETE /v1/members/{id}',
  'DELETE /v1/invitations/{id}',
]);

/** Operations that end or change the session that calls them: a new person's each time. */
const OWN_SESSION = new Set(['DELETE /v1/session', 'DELETE /v1/sessions', 'PUT /v1/account/password', 'POST /v1/session/workspace']);

/** The URL of the request, A's things in its path. */
async function urlOf(world: World, req: FuzzRequest): Promise<string> {
  const { operation } = req;
  let path = operation.path;
  for (const [name, value] of Object.entries(req.path)) {
    const text = 'text' in value ? value.text : await ownValue(world, operation.name, operation.path, name);
    path = path.replace(`{${name}}`, text);
  }
  return req.query ? `${path}?${req.query}` : path;
}

async function ownValue(world: World, name: string, path: string, param: string): Promise<string> {
  const a = world.things.a;
  if (param === 'slug') return path.endsWith('/unlock') ? a.lockedSlug : a.slug;
  if (param === 'file') return 'missing.js';
  if (param === 'deliveryId') return '5d0c3a7e-8f21-4b6a-9c1d-0e2f3a4b5c6d';
  const collection = path.split('/')[2] as keyof typeof a;
  if (FRESH.has(name)) return world.fresh(collection);
  return a[collection];
}

/** The headers that authenticate the request as its operation documents (or do not, on purpose). */
async function authOf(world: World, req: FuzzRequest): Promise<Record<string, string>> {
  const { caller, method, name } = req.operation;
  const write = !['get', 'head'].includes(method);
  if (req.auth === 'none') return {};
  if (req.auth === 'wrong') {
    if (caller === 'session') return { Cookie: 'shortline_session=not-a-session', 'X-CSRF-Token': 'nope' };
    return { Authorization: 'Bearer sl_not_a_key_0123456789abcdef' };
  }
  switch (caller) {
    case 'apiKey':
      return world.a.auth;
    case 'session': {
      const person = OWN_SESSION.has(name) ? await world.freshSession() : world.owner;
      return write ? person.write : person.read;
    }
    case 'adminToken':
      return ADMIN;
    case 'internalToken':
      return { Authorization: `Bearer ${INTERNAL_TOKEN}` };
    default:
      return {};
  }
}

/** The request's URL and credentials, with whatever it uses up made first: make them before taking the snapshots. */
export interface Prepared {
  url: string;
  headers: Record<string, string>;
}

export async function prepare(world: World, req: FuzzRequest): Promise<Prepared> {
  // A QR operation finds the workspace's logo there, whatever an earlier DELETE /v1/qr-logo did.
  if (req.operation.path.includes('qr')) await request(world.t.app).put('/v1/qr-logo').set(world.a.auth).send({ image: LOGO }).expect(200);
  return { url: await urlOf(world, req), headers: await authOf(world, req) };
}

export async function send(world: World, req: FuzzRequest, { url, headers }: Prepared): Promise<request.Response> {
  const agent = request(world.t.app);
  let call = agent[req.operation.method as 'get'](url)
    .set(headers)
    .buffer(true)
    .ok(() => true);
  // Every answer as bytes: a body that is not what its Content-Type says must not break the check.
  call = call.parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
  if (req.body === undefined) return call;
  if ('raw' in req.body) return call.set(req.body.headers).send(req.body.raw);
  if (req.operation.body?.contentType === 'application/x-www-form-urlencoded') {
    return call.type('form').send(new URLSearchParams(req.body.json as Record<string, string>).toString());
  }
  return call.set('Content-Type', 'application/json').send(JSON.stringify(req.body.json));
}

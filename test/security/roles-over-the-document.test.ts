import request from 'supertest';
import type { Role } from '../../src/modules/identity';
import { createTestApp, createWorkspace, type TestApp, type TestWorkspace } from '../support/app';
import { signedInAs, type SignedIn } from '../support/people';

/**
 * Authorisation checked over every operation the served OpenAPI document
 * lists, not over hand-picked routes: a route added later is covered the
 * day it is added. Roles may write nothing their scopes do not allow, and a
 * member of one workspace reaches nothing of another's by id.
 */
interface Operation {
  method: string;
  path: string;
  scope: string | undefined;
  session: boolean;
}

let t: TestApp;
let acme: TestWorkspace;
let globex: TestWorkspace;
let operations: Operation[];
/** Real ids of each workspace's things, by the path parameter's meaning. */
const ids = new Map<string, Record<string, string>>();

beforeAll(async () => {
  t = await createTestApp({ OUTBOUND_ALLOW: '127.0.0.1' });
  acme = await createWorkspace(t.app, 'Acme');
  globex = await createWorkspace(t.app, 'Globex');
  for (const ws of [acme, globex]) ids.set(ws.id, await populate(ws));
  const document = (await request(t.app).get('/openapi.json').expect(200)).body as {
    paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
  };
  operations = Object.entries(document.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const session = op.security?.find((requirement) => 'session' in requirement);
      return { method, path, scope: session?.session[0], session: session !== undefined };
    }),
  );
});
afterAll(() => t.close());

/** One of each thing a workspace owns, made with its bootstrap key. */
async function populate(ws: TestWorkspace): Promise<Record<string, string>> {
  const post = (path: string, body: object) => request(t.app).post(path).set(ws.auth).send(body).expect(201);
  const link = (await post('/v1/links', { url: 'https://example.com/mine' })).body.id;
  const domain = (await post('/v1/domains', { hostname: `go.${ws.id.slice(0, 8)}.example` })).body.id;
  const webhook = (await post('/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['link.created'] })).body.id;
  const key = (await post('/v1/api-keys', { name: 'spare', scopes: ['links:read'] })).body.id;
  const invitation = (await post('/v1/invitations', { role: 'viewer' })).body.id;
  const member = (await signedInAs(t, ws, 'member')).userId;
  return { links: link, domains: domain, webhooks: webhook, 'api-keys': key, invitations: invitation, members: member };
}

/** The path with its parameters filled with the workspace's own ids (a made-up one where it has none, e.g. a delivery). */
function fill(path: string, workspaceId: string): string {
  const own = ids.get(workspaceId)!;
  const collection = path.split('/')[2];
  return path.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === 'id' && own[collection] ? own[collection] : '00000000-0000-4000-8000-000000000000',
  );
}

/** Everything a workspace's owner key can list: a write that got through would change it. */
async function snapshot(ws: TestWorkspace): Promise<unknown[]> {
  const lists = ['/v1/links', '/v1/domains', '/v1/webhooks', '/v1/api-keys', '/v1/members', '/v1/invitations', '/v1/qr-logo', '/v1/workspace'];
  return Promise.all(
    lists.map(async (path) => {
      const res = await request(t.app).get(path).set(ws.auth);
      return [res.status, res.status === 200 ? res.body : res.body.detail];
    }),
  );
}

/** The query an operation needs to be valid. */
const queries: Record<string, string> = { 'get /v1/links/{id}/stats/breakdown': '?by=country', 'get /v1/stats/breakdown': '?by=country' };

/** A request of the operation's method. */
const call = (method: string, url: string) => request(t.app)[method as 'post'](url);

const isWrite = (op: Operation) => !['get', 'head'].includes(op.method);

describe.each<[Role, string[]]>([
  ['viewer', ['links:read', 'domains:read', 'analytics:read', 'webhooks:read', 'members:read']],
  ['member', ['links:read', 'domains:read', 'analytics:read', 'webhooks:read', 'members:read', 'links:write']],
])('a %s', (role, scopes) => {
  let person: SignedIn;
  beforeAll(async () => {
    person = await signedInAs(t, acme, role);
  });

  it('is refused (403) every write of the document its role does not grant, and nothing changes', async () => {
    const before = await snapshot(acme);
    const refused = operations.filter((op) => op.session && isWrite(op) && op.scope !== undefined && !scopes.includes(op.scope));
    expect(refused.length).toBeGreaterThanOrEqual(role === 'viewer' ? 20 : 14);
    for (const op of refused) {
      const res = await call(op.method, fill(op.path, acme.id)).set(person.write).send({});
      expect([op.method, op.path, res.status]).toEqual([op.method, op.path, 403]);
      expect(res.body.detail).toBe(`Your role lacks the "${op.scope}" scope`);
    }
    expect(await snapshot(acme)).toEqual(before);
  });

  it('is refused (403) every read of the document its role does not grant', async () => {
    const refused = operations.filter((op) => op.session && !isWrite(op) && op.scope !== undefined && !scopes.includes(op.scope));
    for (const op of refused) {
      const res = await request(t.app).get(fill(op.path, acme.id)).set(person.read);
      expect([op.path, res.status]).toEqual([op.path, 403]);
    }
  });
});

describe('an owner of one workspace', () => {
  /** A valid body for each write that takes one, so that only the id can be what refuses it. */
  const bodies: Record<string, object> = {
    'patch /v1/links/{id}': { title: 'taken over' },
    'patch /v1/domains/{id}': { publicQr: false },
    'patch /v1/webhooks/{id}': { enabled: false },
    'patch /v1/members/{id}': { role: 'viewer' },
  };

  it('reaches nothing of another workspace by id, through any operation of the document (404), and changes nothing', async () => {
    const owner = await signedInAs(t, acme, 'owner');
    const before = await snapshot(globex);
    const byId = operations.filter((op) => op.session && op.path.includes('{'));
    expect(byId.length).toBeGreaterThanOrEqual(15);
    for (const op of byId) {
      const res = await call(op.method, fill(op.path, globex.id) + (queries[`${op.method} ${op.path}`] ?? ''))
        .set(owner.write)
        .send(bodies[`${op.method} ${op.path}`] ?? {});
      expect([op.method, op.path, res.status]).toEqual([op.method, op.path, 404]);
    }
    expect(await snapshot(globex)).toEqual(before);
  });

  it('lists nothing of another workspace', async () => {
    const owner = await signedInAs(t, acme, 'owner');
    const lists = operations.filter((op) => op.session && op.method === 'get' && !op.path.includes('{') && op.scope !== undefined);
    const theirIds = Object.values(ids.get(globex.id)!);
    for (const op of lists) {
      const res = await request(t.app)
        .get(op.path + (queries[`get ${op.path}`] ?? ''))
        .set(owner.read);
      // 404 only where the workspace has none of its own (the QR logo).
      expect([op.path, res.status === 404 && op.path === '/v1/qr-logo' ? 200 : res.status]).toEqual([op.path, 200]);
      for (const id of theirIds) expect(JSON.stringify(res.body)).not.toContain(id);
    }
  });
});

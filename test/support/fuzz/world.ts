import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { buildWeb } from '../../../scripts/web/build';
import { ADMIN_TOKEN, createTestApp, createWorkspace, type TestApp, type TestWorkspace } from '../app';
import { startDnsServer, type TestDnsServer } from '../dns-server';
import { createPerson, PASSWORD, signIn, signedInAs, type SignedIn } from '../people';

/**
 * What the fuzzer runs against: an app with every module and optional route,
 * two workspaces holding one of everything (A, which the fuzzer calls, and B,
 * whose ids it tries through A), A's all-scopes key and a signed-in owner of A.
 */
export const INTERNAL_TOKEN = 'fuzz-internal-token-0123456789';

/** A 1×1 PNG, as the QR logo takes it. */
export const LOGO = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

export interface Things {
  links: string;
  slug: string;
  /** A link with a password: its slug answers with the unlock form. */
  lockedSlug: string;
  domains: string;
  webhooks: string;
  'api-keys': string;
  invitations: string;
  members: string;
  imports: string;
}

export interface World {
  t: TestApp;
  dns: TestDnsServer;
  a: TestWorkspace;
  b: TestWorkspace;
  owner: SignedIn;
  things: { a: Things; b: Things };
  /** A new thing of the collection in A, for a valid request that would use it up (a DELETE). */
  fresh(collection: string): Promise<string>;
  /** A new person signed in to A (owner), for requests that end or change their session. */
  freshSession(): Promise<SignedIn>;
  close(): Promise<void>;
}

export async function createWorld(): Promise<World> {
  const dns = await startDnsServer();
  // The dashboard built, so that its routes answer as in production.
  const web = path.join(mkdtempSync(path.join(os.tmpdir(), 'shortline-fuzz-')), 'web');
  await buildWeb({ outDir: web });
  // Limits raised: a long run makes thousands of things, and a limit reached would refuse valid requests.
  const limits = { WEBHOOKS_MAX_PER_WORKSPACE: '1000', DOMAINS_MAX_PER_WORKSPACE: '100000', LINKS_MAX_PER_WORKSPACE: '1000000' };
  const t = await createTestApp(
    { INTERNAL_TOKEN, OUTBOUND_ALLOW: '127.0.0.1', DOMAINS_DNS_SERVERS: dns.address, ...limits },
    {
      dashboardDirectory: web,
      // FUZZ_LOG=<file> keeps the app's log (JSON, every level): the stack of a 500 the fuzzer found.
      logOutput: process.env.FUZZ_LOG ? createWriteStream(process.env.FUZZ_LOG) : undefined,
    },
  );
  const a = await createWorkspace(t.app, 'Fuzz A');
  const b = await createWorkspace(t.app, 'Fuzz B');
  let n = 0;
  const post = async (ws: TestWorkspace, path: string, body: object) => {
    const res = await request(t.app).post(path).set(ws.auth).send(body);
    if (res.status !== 201) throw new Error(`seeding ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; slug?: string };
  };
  const make: Record<string, (ws: TestWorkspace) => Promise<string>> = {
    links: async (ws) => (await post(ws, '/v1/links', { url: `https://example.com/seed/${++n}`, tags: ['seed'] })).id,
    domains: async (ws) => {
      // Its TXT record published, so that verifying it succeeds.
      const domain = (await post(ws, '/v1/domains', { hostname: `seed-${++n}-${ws.id.slice(0, 8)}.example` })) as {
        id: string;
        verification?: { name: string; value: string };
      };
      dns.records.set(domain.verification!.name, [domain.verification!.value]);
      return domain.id;
    },
    webhooks: async (ws) => (await post(ws, '/v1/webhooks', { url: `http://127.0.0.1:9/seed/${++n}`, events: ['link.created'] })).id,
    'api-keys': async (ws) => (await post(ws, '/v1/api-keys', { name: `spare ${++n}`, scopes: ['links:read'] })).id,
    invitations: async (ws) => (await post(ws, '/v1/invitations', { role: 'viewer' })).id,
    members: async (ws) => (await createPerson(t, ws, 'member')).id,
    imports: async (ws) => {
      const res = await request(t.app)
        .post('/v1/imports?format=csv')
        .set(ws.auth)
        .set('Content-Type', 'text/csv')
        .send(`url\nhttps://example.com/imported/${++n}\n`);
      if (res.status !== 202) throw new Error(`seeding /v1/imports: ${res.status} ${JSON.stringify(res.body)}`);
      return (res.body as { id: string }).id;
    },
  };
  const seed = async (ws: TestWorkspace): Promise<Things> => {
    const link = await post(ws, '/v1/links', { url: 'https://example.com/mine', title: 'Seed', tags: ['seed'] });
    const locked = await post(ws, '/v1/links', { url: 'https://example.com/locked', password: 'open sesame' });
    await request(t.app).put('/v1/qr-logo').set(ws.auth).send({ image: LOGO }).expect(200);
    return {
      links: link.id,
      slug: link.slug!,
      lockedSlug: locked.slug!,
      domains: await make.domains(ws),
      webhooks: await make.webhooks(ws),
      'api-keys': await make['api-keys'](ws),
      invitations: await make.invitations(ws),
      members: await make.members(ws),
      imports: await make.imports(ws),
    };
  };
  const things = { a: await seed(a), b: await seed(b) };
  const owner = await signedInAs(t, a, 'owner');
  return {
    t,
    dns,
    a,
    b,
    owner,
    things,
    fresh: async (collection) => make[collection](a),
    freshSession: async () => signIn(t, (await createPerson(t, a, 'owner')).email, PASSWORD),
    close: async () => {
      await t.close();
      await dns.close();
      rmSync(path.dirname(web), { recursive: true, force: true });
    },
  };
}

export const ADMIN = { Authorization: `Bearer ${ADMIN_TOKEN}` };

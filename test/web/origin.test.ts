import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { buildWeb } from '../../scripts/web/build';
import { createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../support/app';
import { startDnsServer, type TestDnsServer } from '../support/dns-server';
import { verifiedDomain } from '../support/domains';
import { createPerson, PASSWORD } from '../support/people';

/**
 * The dashboard and sessions live on the default domain's hosts only: a
 * workspace's custom domain keeps its own `/` and slugs, shows no sign-in
 * page, and cannot start a session (whose host-only cookie would sit on a
 * host that workspace's DNS controls).
 */
let t: TestApp;
let dns: TestDnsServer;
let acme: TestWorkspace;
let directory: string;
const CUSTOM = 'go.acme.example';
beforeAll(async () => {
  dns = await startDnsServer();
  directory = path.join(mkdtempSync(path.join(os.tmpdir(), 'shortline-web-')), 'web');
  await buildWeb({ outDir: directory });
  t = await createTestApp({ DOMAINS_DNS_SERVERS: dns.address }, { dashboardDirectory: directory });
  acme = await createWorkspace(t.app, 'Acme');
  await verifiedDomain(t.app, dns, acme, CUSTOM, { rootUrl: 'https://acme.example/' });
});
afterAll(async () => {
  await t.close();
  await dns.close();
  rmSync(path.dirname(directory), { recursive: true, force: true });
});

it('serves the dashboard on the default domain and not on a custom domain', async () => {
  await request(t.app).get('/app/').expect(200);
  const custom = await request(t.app).get('/app/').set('Host', CUSTOM).set('Accept', 'text/html');
  expect(custom.status).toBe(404);
  expect(custom.text).not.toContain('<script type="module"');
});

it("leaves a custom domain's / to the domain (its root URL), not the dashboard", async () => {
  await request(t.app).get('/').set('Accept', 'text/html').expect(302).expect('Location', '/app/');
  await request(t.app).get('/').set('Host', CUSTOM).set('Accept', 'text/html').expect(302).expect('Location', 'https://acme.example/');
});

it('starts no session on a custom domain (403), and does on the default domain', async () => {
  const person = await createPerson(t, acme, 'member');
  const refused = await request(t.app).post('/v1/session').set('Host', CUSTOM).send({ email: person.email, password: PASSWORD });
  expectProblem(refused, 403);
  expect(refused.headers['set-cookie']).toBeUndefined();
  await request(t.app).post('/v1/session').send({ email: person.email, password: PASSWORD }).expect(200);

  const invitation = await request(t.app).post('/v1/invitations').set(acme.auth).send({ role: 'viewer' }).expect(201);
  const token = invitation.body.url.split('#')[1];
  const accept = { token, name: 'N', email: 'origin@example.com', password: 'a long enough password' };
  expectProblem(await request(t.app).post('/v1/invitations/accept').set('Host', CUSTOM).send(accept), 403);
  await request(t.app).post('/v1/invitations/accept').send(accept).expect(200);
});

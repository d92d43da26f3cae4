import request from 'supertest';
import { linkCreated, linkDeleted, linkUpdated } from '../../../src/modules/links';
import { subscription, type DomainEvent } from '../../../src/shared/events';
import { createTestApp, createWorkspace, type TestApp, type TestWorkspace } from '../../support/app';
import { startDnsServer, type TestDnsServer } from '../../support/dns-server';
import { verifiedDomain } from '../../support/domains';

/**
 * Links publishes link.created/updated/deleted in the transaction of each change.
 * A subscriber outside this build ("spy", as a module extracted into another
 * deployment would be) receives delivery jobs, read here from the queue.
 */
let t: TestApp;
let acme: TestWorkspace;
let dns: TestDnsServer;
beforeAll(async () => {
  dns = await startDnsServer();
  t = await createTestApp(
    { DOMAINS_DNS_SERVERS: dns.address },
    {
      externalSubscriptions: [
        { module: 'spy', subscription: subscription('created', linkCreated) },
        { module: 'spy', subscription: subscription('updated', linkUpdated) },
        { module: 'spy', subscription: subscription('deleted', linkDeleted) },
      ],
    },
  );
  acme = await createWorkspace(t.app, 'Acme');
});
afterAll(async () => {
  await t.close();
  await dns.close();
});

beforeEach(() => t.shortline.db.platform.raw('delete from graphile_worker._private_jobs'));

/** Events delivered to the spy, oldest first. */
async function published(): Promise<DomainEvent<Record<string, unknown>>[]> {
  const result = await t.shortline.db.platform.raw<{ rows: { payload: { events: DomainEvent<Record<string, unknown>>[] } }[] }>(
    `select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
     where t.identifier like 'spy.on.%' order by j.id`,
  );
  return result.rows.flatMap((r) => r.payload.events);
}

/** The link as events carry it: as the API returned it, less `preview` (filled in later, without an event). */
function eventView(link: Record<string, unknown>): Record<string, unknown> {
  const { preview, ...rest } = link;
  expect(preview).toBeDefined();
  return rest;
}

it('publishes link.created with the link as the API returned it, without its preview, naming the key that made it', async () => {
  const link = (
    await request(t.app)
      .post('/v1/links')
      .set(acme.auth)
      .send({ url: 'https://example.com/a', tags: ['t'] })
      .expect(201)
  ).body;
  expect(await published()).toEqual([
    {
      id: expect.any(String),
      type: 'link.created',
      version: 1,
      workspaceId: acme.id,
      occurredAt: expect.any(String),
      actor: { kind: 'key', id: expect.any(String), label: acme.key.slice(0, 11) },
      data: { link: eventView(link) },
    },
  ]);
});

it('publishes nothing for a create that fails', async () => {
  await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com', slug: 'events-taken' }).expect(201);
  await t.shortline.db.platform.raw('delete from graphile_worker._private_jobs');
  await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com', slug: 'events-taken' }).expect(409);
  expect(await published()).toEqual([]);
});

it('publishes one event per created item of a bulk request, none for its failed items', async () => {
  const res = await request(t.app)
    .post('/v1/links/bulk')
    .set(acme.auth)
    .send({ links: [{ url: 'https://example.com/1' }, { url: 'https://example.com/2', slug: 'events-taken' }, { url: 'https://example.com/3' }] })
    .expect(200);
  const created = res.body.results.filter((r: { status: number }) => r.status === 201).map((r: { link: { id: string } }) => r.link.id);
  expect(created).toHaveLength(2);
  expect((await published()).map((e) => [e.type, (e.data.link as { id: string }).id])).toEqual(created.map((id: string) => ['link.created', id]));
  // Published together: one delivery job carries the request's events.
  const jobs = await t.shortline.db.platform.raw(
    `select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'spy.on.created'`,
  );
  expect(jobs.rows[0].n).toBe(1);
});

it('publishes link.updated naming the fields that changed', async () => {
  const link = (await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/old' }).expect(201)).body;
  await t.shortline.db.platform.raw('delete from graphile_worker._private_jobs');
  const updated = (
    await request(t.app).patch(`/v1/links/${link.id}`).set(acme.auth).send({ url: 'https://example.com/new', title: null }).expect(200)
  ).body;
  const [event] = await published();
  expect(event).toMatchObject({ type: 'link.updated', workspaceId: acme.id, data: { link: eventView(updated), changed: ['url'] } });
});

it('publishes link.deleted, and nothing for a delete of an unknown link', async () => {
  const link = (await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/gone' }).expect(201)).body;
  await t.shortline.db.platform.raw('delete from graphile_worker._private_jobs');
  await request(t.app).delete(`/v1/links/${link.id}`).set(acme.auth).expect(204);
  await request(t.app).delete(`/v1/links/${link.id}`).set(acme.auth).expect(404);
  expect(await published()).toMatchObject([{ type: 'link.deleted', workspaceId: acme.id, data: { linkId: link.id, slug: link.slug } }]);
});

it("carries a link's rules, and names them when an update changes them", async () => {
  const link = (
    await request(t.app)
      .post('/v1/links')
      .set(acme.auth)
      .send({ url: 'https://example.com/r', targeting: [{ url: 'https://example.com/m', device: ['mobile'] }], maxClicks: 5, password: 'pw' })
      .expect(201)
  ).body;
  const [created] = await published();
  expect(created.data.link).toMatchObject({
    targeting: [{ url: 'https://example.com/m', device: ['mobile'] }],
    maxClicks: 5,
    passwordProtected: true,
  });
  expect(JSON.stringify(created)).not.toContain('scrypt');
  await t.shortline.db.platform.raw('delete from graphile_worker._private_jobs');
  await request(t.app)
    .patch(`/v1/links/${link.id}`)
    .set(acme.auth)
    .send({ utm: { source: 'mail' }, maxClicks: null })
    .expect(200);
  const [updated] = await published();
  expect(updated.data.changed).toEqual(['utm', 'maxClicks']);
});

it("carries a link's custom domain in every event, null on the default domain", async () => {
  const domain = await verifiedDomain(t.app, dns, acme, 'go.events.example');
  const link = (await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/d', domain: domain.hostname }).expect(201))
    .body;
  await request(t.app).delete(`/v1/links/${link.id}`).set(acme.auth).expect(204);
  const plain = (await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/p' }).expect(201)).body;
  const events = await published();
  expect(events.map((e) => [e.type, e.data])).toEqual([
    ['link.created', { link: eventView(link) }],
    ['link.deleted', { linkId: link.id, slug: link.slug, domain: 'go.events.example' }],
    ['link.created', { link: eventView(plain) }],
  ]);
  expect(events[0].data.link).toMatchObject({ domain: 'go.events.example', shortUrl: `http://go.events.example/${link.slug}` });
  expect(events[2].data.link).toMatchObject({ domain: null });
});

import request from 'supertest';
import { linkClicked } from '../../../src/modules/analytics';
import { subscription, type DomainEvent } from '../../../src/shared/events';
import { createTestApp, createWorkspace, type TestApp, type TestWorkspace } from '../../support/app';

/** link.clicked: published with the flush that stores the clicks, to a subscriber outside this build. */
let t: TestApp;
let acme: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp(
    { CLICK_COUNTRY_HEADER: 'CF-IPCountry', OUTBOUND_ALLOW: '127.0.0.1' },
    { externalSubscriptions: [{ module: 'spy', subscription: subscription('clicks', linkClicked) }] },
  );
  acme = await createWorkspace(t.app, 'Acme');
});
afterAll(() => t.close());

/** The link.clicked events queued for a subscription (no job runner here: they stay queued). */
async function delivered(task = 'spy.on.clicks'): Promise<DomainEvent<Record<string, unknown>>[]> {
  const result = await t.shortline.db.platform.raw<{ rows: { payload: { events: DomainEvent<Record<string, unknown>>[] } }[] }>(
    `select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
     where t.identifier = ? order by j.id`,
    [task],
  );
  return result.rows.flatMap((r) => r.payload.events);
}

it('publishes one link.clicked per stored click, when the flush commits, without IP or visitor hash', async () => {
  const link = (await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/c', slug: 'clicked' }).expect(201)).body;
  const human = {
    'User-Agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0',
    Referer: 'https://www.blog.example/post',
    'CF-IPCountry': 'NL',
  };
  await request(t.app).get('/clicked').set(human).expect(302);
  await request(t.app).get('/clicked').set(human).expect(302);
  await request(t.app).get('/clicked').set({ 'User-Agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' }).expect(302);
  expect(await delivered()).toEqual([]);

  await t.shortline.apis.get('analytics').flushClicks();

  const events = await delivered();
  expect(events).toHaveLength(3);
  expect(events[0]).toEqual({
    id: expect.any(String),
    type: 'link.clicked',
    version: 1,
    workspaceId: acme.id,
    occurredAt: expect.any(String),
    actor: null,
    data: {
      linkId: link.id,
      at: events[0].occurredAt,
      referrerHost: 'blog.example',
      country: 'NL',
      // From the loopback address: no city.
      city: null,
      device: 'desktop',
      browser: 'Firefox',
      os: 'Windows',
      bot: false,
      // A link without an A/B split.
      variant: null,
    },
  });
  expect(events[2].data).toMatchObject({ bot: true, referrerHost: null, country: null });
  expect(JSON.stringify(events)).not.toMatch(/127\.0\.0\.1|visitor/);
});

it('queues link.clicked for webhooks only in workspaces with a link.clicked endpoint, and hears of one at once', async () => {
  const forWebhooks = () => delivered('webhooks.on.deliver-link-clicked');
  const globex = await createWorkspace(t.app, 'Globex');
  await request(t.app).post('/v1/links').set(globex.auth).send({ url: 'https://example.com/g', slug: 'globex-click' }).expect(201);
  const click = async () => {
    await request(t.app).get('/globex-click').expect(302);
    await t.shortline.apis.get('analytics').flushClicks();
  };
  const spied = (await delivered()).length;

  await click();
  expect(await forWebhooks()).toEqual([]);
  // A subscriber with no audience here (another deployment's) still hears every click.
  expect(await delivered()).toHaveLength(spied + 1);

  const hook = (
    await request(t.app)
      .post('/v1/webhooks')
      .set(globex.auth)
      .send({ url: 'http://127.0.0.1:9/hook', events: ['link.clicked'] })
      .expect(201)
  ).body;
  await click();
  expect((await forWebhooks()).map((event) => event.workspaceId)).toEqual([globex.id]);

  await request(t.app)
    .patch(`/v1/webhooks/${hook.id}`)
    .set(globex.auth)
    .send({ events: ['link.created'] })
    .expect(200);
  await click();
  await request(t.app)
    .patch(`/v1/webhooks/${hook.id}`)
    .set(globex.auth)
    .send({ events: ['link.clicked'], enabled: false })
    .expect(200);
  await click();
  expect(await forWebhooks()).toHaveLength(1);

  await request(t.app).patch(`/v1/webhooks/${hook.id}`).set(globex.auth).send({ enabled: true }).expect(200);
  await click();
  expect(await forWebhooks()).toHaveLength(2);

  await request(t.app).delete(`/v1/webhooks/${hook.id}`).set(globex.auth).expect(204);
  await click();
  expect(await forWebhooks()).toHaveLength(2);
  expect(await delivered()).toHaveLength(spied + 6);
  const metrics = (await request(t.app).get('/metrics').expect(200)).text;
  expect(metrics).toMatch(/shortline_cache_hits_total\{cache="webhooks:audience"\} [1-9]/);
});

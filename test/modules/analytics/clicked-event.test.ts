import request from 'supertest';
import { linkClicked } from '../../../src/modules/analytics';
import { subscription, type DomainEvent } from '../../../src/shared/events';
import { createTestApp, createWorkspace, type TestApp, type TestWorkspace } from '../../support/app';

/** link.clicked: published with the flush that stores the clicks, to a subscriber outside this build. */
let t: TestApp;
let acme: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp({ CLICK_COUNTRY_HEADER: 'CF-IPCountry' }, { externalSubscriptions: [{ module: 'spy', subscription: subscription('clicks', linkClicked) }] });
  acme = await createWorkspace(t.app, 'Acme');
});
afterAll(() => t.close());

async function delivered(): Promise<DomainEvent<Record<string, unknown>>[]> {
  const result = await t.shortline.db.platform.raw<{ rows: { payload: { events: DomainEvent<Record<string, unknown>>[] } }[] }>(
    `select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
     where t.identifier = 'spy.on.clicks' order by j.id`,
  );
  return result.rows.flatMap((r) => r.payload.events);
}

it('publishes one link.clicked per stored click, when the flush commits, without IP or visitor hash', async () => {
  const link = (await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/c', slug: 'clicked' }).expect(201)).body;
  const human = { 'User-Agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0', Referer: 'https://www.blog.example/post', 'CF-IPCountry': 'NL' };
  await request(t.app).get('/clicked').set(human).expect(302);
  await request(t.app).get('/clicked').set(human).expect(302);
  await request(t.app).get('/clicked').set({ 'User-Agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' }).expect(302);
  expect(await delivered()).toEqual([]);

  await t.shortline.apis.analytics!.flushClicks();

  const events = await delivered();
  expect(events).toHaveLength(3);
  expect(events[0]).toEqual({
    id: expect.any(String),
    type: 'link.clicked',
    version: 1,
    workspaceId: acme.id,
    occurredAt: expect.any(String),
    data: { linkId: link.id, at: events[0].occurredAt, referrerHost: 'blog.example', country: 'NL', device: 'desktop', browser: 'Firefox', os: 'Windows', bot: false },
  });
  expect(events[2].data).toMatchObject({ bot: true, referrerHost: null, country: null });
  expect(JSON.stringify(events)).not.toMatch(/127\.0\.0\.1|visitor/);
});

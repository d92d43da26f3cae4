import request from 'supertest';
import { createTestApp, createWorkspace, type TestApp, type TestWorkspace } from '../../support/app';
import { eventually } from '../../support/receiver';
import { CHROME_MAC } from '../../support/user-agents';

/** Links exported as CSV from one installation and imported into another come back as they were. */
let from: TestApp;
let to: TestApp;
let source: TestWorkspace;
let target: TestWorkspace;
beforeAll(async () => {
  from = await createTestApp();
  to = await createTestApp({ WORKER: 'inline', WORKER_POLL_INTERVAL_MS: '100' });
  source = await createWorkspace(from.app, 'Source');
  target = await createWorkspace(to.app, 'Target');
});
afterAll(async () => {
  await from?.close();
  await to?.close();
});

const LINKS = [
  { url: 'https://example.com/plain', slug: 'rt-plain' },
  { url: 'https://example.com/a?b=c&d=e', slug: 'rt-quoted', title: 'Spring, "launch"\nsecond line', tags: ['news', 'q1'] },
  { url: 'https://example.com/formula', slug: 'rt-formula', title: '=HYPERLINK("https://evil.example")', tags: ['@once', '-minus'] },
  { url: 'https://example.com/expiring', slug: 'rt-expiring', expiresAt: '2031-05-01T12:00:00.000Z', title: 'Ünïcødé 😀' },
];

const shape = (link: Record<string, unknown>) => ({
  slug: link.slug,
  url: link.url,
  title: link.title,
  tags: link.tags,
  expiresAt: link.expiresAt,
});

it('exports links as CSV that imports into another installation unchanged, with their clicks as imported clicks', async () => {
  for (const link of LINKS) await request(from.app).post('/v1/links').set(source.auth).send(link).expect(201);
  for (let i = 0; i < 2; i++) await request(from.app).get('/rt-quoted').set('User-Agent', CHROME_MAC).expect(302);
  await from.shortline.apis.get('analytics').flushClicks();
  await from.shortline.apis.get('analytics').rollUp();
  const exported = await request(from.app).get('/v1/links/export?format=csv').set(source.auth).expect(200);
  const original = (await request(from.app).get('/v1/links?limit=100').set(source.auth).expect(200)).body.data as Record<string, unknown>[];

  const started = await request(to.app)
    .post('/v1/imports?format=shortline')
    .set(target.auth)
    .set('Content-Type', 'text/csv')
    .send(exported.text)
    .expect(202);
  const run = await eventually(
    async () => {
      const body = (await request(to.app).get(`/v1/imports/${started.body.id}`).set(target.auth).expect(200)).body;
      return body.status === 'finished' || body.status === 'failed' ? body : undefined;
    },
    20_000,
    'the import to end',
  );
  expect(run).toMatchObject({ status: 'finished', rows: { read: LINKS.length, created: LINKS.length, skipped: 0, failed: 0 } });

  const imported = (await request(to.app).get('/v1/links?limit=100').set(target.auth).expect(200)).body.data as Record<string, unknown>[];
  const bySlug = (links: Record<string, unknown>[]) =>
    Object.fromEntries(links.map((link) => [String(link.slug), link])) as Record<string, Record<string, unknown>>;
  for (const [slug, link] of Object.entries(bySlug(original))) expect(shape(bySlug(imported)[slug])).toEqual(shape(link));
  expect(bySlug(imported)['rt-quoted'].importedClicks).toBe(2);
  expect(bySlug(imported)['rt-plain'].importedClicks).toBe(0);
});

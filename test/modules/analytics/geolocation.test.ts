import request from 'supertest';
import { linkClicked } from '../../../src/modules/analytics';
import { ConfigError } from '../../../src/shared/config';
import { subscription, type DomainEvent } from '../../../src/shared/events';
import { createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../../support/app';
import { metricValue } from '../../support/metrics';
import { writeMmdbFile } from '../../support/mmdb';
import { CHROME_MAC } from '../../support/user-agents';

/**
 * Clicks located from their address when they are written, over HTTP and
 * PostgreSQL: a test database (GEOIP_DB) with country and city records in
 * both record shapes, client addresses sent as X-Forwarded-For behind a
 * trusted proxy, and the stored clicks, breakdowns and events read back.
 */

const GEOIP_DB = writeMmdbFile(
  {
    databaseType: 'GeoLite2-City',
    networks: {
      // MaxMind's GeoIP2 shape.
      '203.0.113.0/24': { country: { iso_code: 'DE', names: { en: 'Germany' } }, city: { names: { en: 'Berlin', de: 'Berlin' } } },
      '2001:db8::/32': { country: { iso_code: 'CA', names: { en: 'Canada' } } },
      // ip-location-db's shape; two cities of one name in two countries.
      '198.51.100.0/25': { country_code: 'FR', city: 'Paris' },
      '198.51.100.128/25': { country_code: 'US', city: 'Paris' },
      '192.0.2.0/24': { country_code: 'JP' },
    },
  },
  'GeoLite2-City-test.mmdb',
);

const stats = (t: TestApp, path: string, ws: TestWorkspace) => request(t.app).get(path).set(ws.auth);

async function createLink(t: TestApp, ws: TestWorkspace, slug: string): Promise<{ id: string; slug: string }> {
  return (
    await request(t.app)
      .post('/v1/links')
      .set(ws.auth)
      .send({ url: `https://example.com/${slug}`, slug })
      .expect(201)
  ).body;
}

/** `times` redirects from `ip`, as a trusted proxy reports it. */
async function visit(t: TestApp, slug: string, ip: string, times = 1, headers: Record<string, string> = {}): Promise<void> {
  for (let i = 0; i < times; i++)
    await request(t.app)
      .get(`/${slug}`)
      .set({ 'User-Agent': CHROME_MAC, 'X-Forwarded-For': ip, ...headers })
      .expect(302);
}

async function settle(t: TestApp): Promise<void> {
  await t.shortline.apis.get('analytics').flushClicks();
  await t.shortline.apis.get('analytics').rollUp();
}

async function storedPlaces(t: TestApp, linkId: string): Promise<{ country: string | null; city: string | null; n: number }[]> {
  const { rows } = await t.shortline.db.platform.raw(
    'select country, city, count(*)::int as n from analytics.clicks where link_id = ? group by 1, 2 order by 3 desc, 1, 2',
    [linkId],
  );
  return rows;
}

describe('with a city database', () => {
  let t: TestApp;
  let acme: TestWorkspace;
  let globex: TestWorkspace;
  let link: { id: string; slug: string };

  beforeAll(async () => {
    t = await createTestApp(
      { GEOIP_DB, TRUST_PROXY: 'on', CLICK_COUNTRY_HEADER: 'CF-IPCountry', STATS_CACHE_TTL_S: '0' },
      { externalSubscriptions: [{ module: 'spy', subscription: subscription('clicks', linkClicked) }] },
    );
    acme = await createWorkspace(t.app, 'Acme');
    globex = await createWorkspace(t.app, 'Globex');
    link = await createLink(t, acme, 'located');
    await visit(t, link.slug, '203.0.113.5', 7);
    await visit(t, link.slug, '198.51.100.7', 5);
    await visit(t, link.slug, '198.51.100.200', 4);
    await visit(t, link.slug, '192.0.2.1', 3);
    await visit(t, link.slug, '2001:db8::1', 2);
    await visit(t, link.slug, '10.1.2.3', 1);
    await settle(t);
  });
  afterAll(() => t.close());

  it("stores each click's country and city from its address, in either record shape", async () => {
    expect(await storedPlaces(t, link.id)).toEqual([
      { country: 'DE', city: 'Berlin', n: 7 },
      { country: 'FR', city: 'Paris', n: 5 },
      { country: 'US', city: 'Paris', n: 4 },
      { country: 'JP', city: null, n: 3 },
      { country: 'CA', city: null, n: 2 },
      // A private address is not looked up.
      { country: null, city: null, n: 1 },
    ]);
  });

  it('breaks clicks down by country and by city, a city keyed by its country', async () => {
    const by = async (dimension: string) => (await stats(t, `/v1/links/${link.id}/stats/breakdown?by=${dimension}`, acme).expect(200)).body;
    expect((await by('country')).data).toEqual([
      { value: 'DE', clicks: 7 },
      { value: 'FR', clicks: 5 },
      { value: 'US', clicks: 4 },
      { value: 'JP', clicks: 3 },
      { value: 'CA', clicks: 2 },
      { value: 'unknown', clicks: 1 },
    ]);
    expect(await by('city')).toMatchObject({
      by: 'city',
      data: [
        { value: 'DE/Berlin', country: 'DE', city: 'Berlin', clicks: 7 },
        { value: 'unknown', clicks: 6 },
        { value: 'FR/Paris', country: 'FR', city: 'Paris', clicks: 5 },
        { value: 'US/Paris', country: 'US', city: 'Paris', clicks: 4 },
      ],
    });
    expect((await by('city')).data[1]).toEqual({ value: 'unknown', clicks: 6 });
    expect((await stats(t, `/v1/links/${link.id}/stats/breakdown?by=city&limit=2`, acme).expect(200)).body.data).toHaveLength(2);
  });

  it('lets the CDN header name the country, keeping the database’s city only where it agrees', async () => {
    const other = await createLink(t, acme, 'header-wins');
    await visit(t, other.slug, '203.0.113.5', 3, { 'CF-IPCountry': 'NL' });
    await visit(t, other.slug, '203.0.113.5', 2, { 'CF-IPCountry': 'de' });
    // Cloudflare's "unknown": the database answers.
    await visit(t, other.slug, '198.51.100.7', 1, { 'CF-IPCountry': 'XX' });
    // The header, for an address no database places.
    await visit(t, other.slug, '127.0.0.1', 1, { 'CF-IPCountry': 'BE' });
    await settle(t);
    expect(await storedPlaces(t, other.id)).toEqual([
      { country: 'NL', city: null, n: 3 },
      { country: 'DE', city: 'Berlin', n: 2 },
      { country: 'BE', city: null, n: 1 },
      { country: 'FR', city: 'Paris', n: 1 },
    ]);
  });

  it('stores no IP address, and sends none with link.clicked, which carries the city', async () => {
    const { rows } = await t.shortline.db.platform.raw('select * from analytics.clicks');
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toMatch(/203\.0\.113|198\.51\.100|192\.0\.2\.|2001:db8|10\.1\.2\.3/);
    const { rows: jobs } = await t.shortline.db.platform.raw<{ rows: { payload: { events: DomainEvent<Record<string, unknown>>[] } }[] }>(
      `select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'spy.on.clicks'`,
    );
    const events = jobs.flatMap((job) => job.payload.events);
    expect(events.filter((event) => event.data.linkId === link.id).map((event) => event.data.city)).toEqual(
      expect.arrayContaining(['Berlin', 'Paris', null]),
    );
    expect(events.find((event) => event.data.city === 'Berlin')?.data.country).toBe('DE');
    expect(JSON.stringify(events)).not.toMatch(/203\.0\.113|198\.51\.100|192\.0\.2\.|2001:db8|10\.1\.2\.3/);
  });

  it('shows look-ups by outcome and the database in /metrics', async () => {
    // Each click of the first link looked up; those with a header only where the database has cities (all of them here).
    expect(await metricValue(t.app, 'shortline_geo_lookups_total', { outcome: 'found' })).toBeGreaterThanOrEqual(21);
    expect(await metricValue(t.app, 'shortline_geo_lookups_total', { outcome: 'private' })).toBeGreaterThanOrEqual(1);
    expect(await metricValue(t.app, 'shortline_geo_database_info', { type: 'GeoLite2-City', source: 'GEOIP_DB' })).toBe(1);
  });

  it.each([
    ['a dimension in another case', 'by=City'],
    ['a zero limit', 'by=city&limit=0'],
    ['a limit that is no number', 'by=city&limit=many'],
    ['an unparseable from', 'by=city&from=last-week'],
    ['an unknown parameter', 'by=city&country=DE'],
  ])('answers 400 to a city breakdown with %s', async (_name, query) => {
    expectProblem(await stats(t, `/v1/links/${link.id}/stats/breakdown?${query}`, acme), 400);
  });

  it("answers 404 to a city breakdown of an unknown link, a malformed id and another workspace's link", async () => {
    expectProblem(await stats(t, '/v1/links/00000000-0000-4000-8000-000000000000/stats/breakdown?by=city', acme), 404);
    expectProblem(await stats(t, '/v1/links/not-an-id/stats/breakdown?by=city', acme), 404);
    expectProblem(await stats(t, `/v1/links/${link.id}/stats/breakdown?by=city`, globex), 404);
  });
});

describe('with the shipped database (GEOIP_DB unset)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: 'on', STATS_CACHE_TTL_S: '0' });
  });
  afterAll(() => t.close());

  it('places a public address in its country, with no city', async () => {
    const ws = await createWorkspace(t.app, 'Shipped');
    const link = await createLink(t, ws, 'shipped');
    await visit(t, link.slug, '8.8.8.8', 2);
    // RIPE NCC, Amsterdam.
    await visit(t, link.slug, '2001:67c:2e8:22::c100:68b', 1);
    await settle(t);
    expect(await storedPlaces(t, link.id)).toEqual([
      { country: 'US', city: null, n: 2 },
      { country: 'NL', city: null, n: 1 },
    ]);
    expect((await stats(t, `/v1/links/${link.id}/stats/breakdown?by=city`, ws).expect(200)).body.data).toEqual([{ value: 'unknown', clicks: 3 }]);
    expect(await metricValue(t.app, 'shortline_geo_database_info', { source: 'shipped' })).toBe(1);
  });

  it("is what a link's country targeting reads when no CDN header gives the country", async () => {
    const ws = await createWorkspace(t.app, 'Targeting');
    const link = (
      await request(t.app)
        .post('/v1/links')
        .set(ws.auth)
        .send({ url: 'https://example.com/world', targeting: [{ country: ['NL'], url: 'https://example.com/nl' }] })
        .expect(201)
    ).body;
    const from = async (ip: string) =>
      (await request(t.app).get(`/${link.slug}`).set({ 'User-Agent': CHROME_MAC, 'X-Forwarded-For': ip }).expect(302)).headers.location;
    expect(await from('2001:67c:2e8:22::c100:68b')).toBe('https://example.com/nl');
    expect(await from('8.8.8.8')).toBe('https://example.com/world');
    expect(await from('10.0.0.1')).toBe('https://example.com/world');
  });
});

describe('with GEOIP_DB=off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ GEOIP_DB: 'off', TRUST_PROXY: 'on', CLICK_COUNTRY_HEADER: 'CF-IPCountry' });
  });
  afterAll(() => t.close());

  it('looks nothing up: countries come from the header alone', async () => {
    const ws = await createWorkspace(t.app, 'Off');
    const link = await createLink(t, ws, 'not-located');
    await visit(t, link.slug, '8.8.8.8', 2);
    await visit(t, link.slug, '203.0.113.5', 1, { 'CF-IPCountry': 'AT' });
    await settle(t);
    expect(await storedPlaces(t, link.id)).toEqual([
      { country: null, city: null, n: 2 },
      { country: 'AT', city: null, n: 1 },
    ]);
    const metrics = (await request(t.app).get('/metrics').expect(200)).text;
    expect(metrics).not.toContain('shortline_geo_');
  });
});

describe('a GEOIP_DB that cannot be read', () => {
  it.each([
    ['a missing file', '/nonexistent/GeoLite2-City.mmdb', /does not exist/],
    ['a file that is no database', __filename, /is not a MaxMind/],
  ])('stops start-up with a configuration error naming the setting: %s', async (_name, path, reason) => {
    const started = createTestApp({ GEOIP_DB: path });
    await expect(started).rejects.toBeInstanceOf(ConfigError);
    await expect(started).rejects.toThrow(/GEOIP_DB: must be off or the path of a MaxMind-format \(\.mmdb\) database/);
    await expect(started).rejects.toThrow(reason);
  });
});

import request from 'supertest';
import { createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../../support/app';
import { metricValue } from '../../support/metrics';
import { CHROME_MAC, FIREFOX_WINDOWS, GOOGLEBOT, SAFARI_IPHONE, SLACKBOT } from '../../support/user-agents';

const PIXEL_ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36';

let t: TestApp;
let acme: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp({ CLICK_COUNTRY_HEADER: 'X-Country' });
  acme = await createWorkspace(t.app);
});
afterAll(() => t.close());

const create = async (body: object) => (await request(t.app).post('/v1/links').set(acme.auth).send(body).expect(201)).body;
const refused = async (body: object) => expectProblem(await request(t.app).post('/v1/links').set(acme.auth).send(body), 400);
const follow = (slug: string, headers: Record<string, string> = {}) =>
  request(t.app)
    .get(`/${slug}`)
    .set({ 'User-Agent': CHROME_MAC, ...headers });
const locationOf = async (slug: string, headers: Record<string, string> = {}) => (await follow(slug, headers).expect(302)).headers.location as string;

describe('rules are validated strictly, naming the rule and field', () => {
  const url = 'https://example.com/';
  it.each([
    ['a targeting rule without a condition', { targeting: [{ url }] }, 'body.targeting.0'],
    ['an unknown country', { targeting: [{ url, country: ['DE', 'XX'] }] }, 'body.targeting.0.country.1'],
    ['a grouping that is no country', { targeting: [{ url, country: ['EU'] }] }, 'body.targeting.0.country.0'],
    ['an unknown language', { targeting: [{ url, language: ['qq-ZZ'] }] }, 'body.targeting.0.language.0'],
    ['a malformed language tag', { targeting: [{ url, language: ['english!'] }] }, 'body.targeting.0.language.0'],
    ['an unknown operating system', { targeting: [{ url, os: ['symbian'] }] }, 'body.targeting.0.os.0'],
    ['an unknown device', { targeting: [{ url, device: ['watch'] }] }, 'body.targeting.0.device.0'],
    ['an empty condition list', { targeting: [{ url, browser: [] }] }, 'body.targeting.0.browser'],
    ['an unknown condition', { targeting: [{ url, city: ['Berlin'] }] }, 'body.targeting.0'],
    ['a javascript: destination', { targeting: [{ url: 'javascript:alert(1)', os: ['ios'] }] }, 'body.targeting.0.url'],
    ['a destination with control characters', { targeting: [{ url: 'myapp://a\u0007b', os: ['ios'] }] }, 'body.targeting.0.url'],
    ['targeting that is not a list', { targeting: { os: ['ios'] } }, 'body.targeting'],
    ['more than 20 targeting rules', { targeting: Array.from({ length: 21 }, () => ({ url, os: ['ios'] })) }, 'body.targeting'],
    [
      'weights not summing to 100',
      {
        variants: [
          { url, weight: 50 },
          { url: 'https://example.org/', weight: 40 },
        ],
      },
      'body.variants',
    ],
    ['a single variant', { variants: [{ url, weight: 100 }] }, 'body.variants'],
    [
      'a weight that is not a whole number',
      {
        variants: [
          { url, weight: 50.5 },
          { url, weight: 49.5 },
        ],
      },
      'body.variants.0.weight',
    ],
    [
      'repeated variant names',
      {
        variants: [
          { name: 'x', url, weight: 50 },
          { name: 'x', url, weight: 50 },
        ],
      },
      'body.variants',
    ],
    [
      'a variant that points at the short domain',
      {
        variants: [
          { url: 'http://127.0.0.1:3000/x', weight: 50 },
          { url, weight: 50 },
        ],
      },
      'body.variants.0.url',
    ],
    ['empty UTM parameters', { utm: {} }, 'body.utm'],
    ['an unknown UTM parameter', { utm: { source: 'a', id: 'b' } }, 'body.utm'],
    ['a social image that is no http(s) URL', { socialPreview: { title: 'T', image: 'ftp://example.com/i.png' } }, 'body.socialPreview.image'],
    ['a social preview without a title', { socialPreview: { description: 'D' } }, 'body.socialPreview.title'],
    ['an overlong password', { password: 'p'.repeat(129) }, 'body.password'],
    ['an empty password', { password: '' }, 'body.password'],
    ['a password with NUL', { password: 'a\u0000b' }, 'body.password'],
    ['a click limit of 0', { maxClicks: 0 }, 'body.maxClicks'],
    ['a click limit given as a string', { maxClicks: '10' }, 'body.maxClicks'],
  ])('refuses %s', async (_name, rules, field) => {
    const problem = await refused({ url, ...rules });
    expect((problem.errors as { field: string }[]).map((e) => e.field)).toContain(field);
  });

  it('refuses a bad rule in an update too, and keeps the link as it was', async () => {
    const link = await create({ url, utm: { source: 'mail' } });
    const res = await request(t.app)
      .patch(`/v1/links/${link.id}`)
      .set(acme.auth)
      .send({ targeting: [{ url, country: ['ZZ'] }] });
    expect((expectProblem(res, 400).errors as { field: string }[])[0].field).toBe('body.targeting.0.country.0');
    const stored = (await request(t.app).get(`/v1/links/${link.id}`).set(acme.auth).expect(200)).body;
    expect(stored).toMatchObject({ targeting: [], utm: { source: 'mail' }, updatedAt: link.updatedAt });
  });
});

describe('a link shows its rules', () => {
  it('as given (normalised), with the password hidden and the variants named', async () => {
    const link = await create({
      url: 'https://example.com/',
      targeting: [{ url: 'https://example.com/de', language: ['DE'], country: ['at'] }],
      variants: [
        { url: 'https://example.com/a', weight: 30 },
        { url: 'https://example.com/b', weight: 70 },
      ],
      utm: { source: 'newsletter', campaign: 'spring' },
      socialPreview: { title: 'Spring sale' },
      password: 'hunter2-secret',
      maxClicks: 10,
    });
    expect(link).toMatchObject({
      targeting: [{ url: 'https://example.com/de', language: ['de'], country: ['AT'] }],
      variants: [
        { name: 'a', url: 'https://example.com/a', weight: 30 },
        { name: 'b', url: 'https://example.com/b', weight: 70 },
      ],
      utm: { source: 'newsletter', campaign: 'spring' },
      socialPreview: { title: 'Spring sale', description: null, image: null },
      passwordProtected: true,
      maxClicks: 10,
    });
    const shown = JSON.stringify((await request(t.app).get(`/v1/links/${link.id}`).set(acme.auth).expect(200)).body);
    expect(shown).not.toContain('hunter2-secret');
    expect(shown).not.toContain('scrypt');
  });

  it('with none: empty lists and nulls', async () => {
    expect(await create({ url: 'https://example.com/plain' })).toMatchObject({
      targeting: [],
      variants: [],
      utm: null,
      socialPreview: null,
      passwordProtected: false,
      maxClicks: null,
    });
  });

  it('changes a rule in an update (a new updatedAt), and clears them with [] and null', async () => {
    const link = await create({
      url: 'https://example.com/',
      utm: { source: 'a' },
      targeting: [{ url: 'https://example.com/m', device: ['mobile'] }],
    });
    const patched = (
      await request(t.app)
        .patch(`/v1/links/${link.id}`)
        .set(acme.auth)
        .send({ utm: { source: 'b' } })
        .expect(200)
    ).body;
    expect(patched).toMatchObject({ utm: { source: 'b' }, targeting: [{ device: ['mobile'] }] });
    expect(Date.parse(patched.updatedAt)).toBeGreaterThan(Date.parse(link.updatedAt));
    const cleared = (await request(t.app).patch(`/v1/links/${link.id}`).set(acme.auth).send({ utm: null, targeting: [] }).expect(200)).body;
    expect(cleared).toMatchObject({ utm: null, targeting: [] });
    expect(await locationOf(link.slug)).toBe('https://example.com/');
  });

  it("is not changed through another workspace's id", async () => {
    const other = await createWorkspace(t.app, 'Other');
    const link = await create({ url: 'https://example.com/' });
    expectProblem(await request(t.app).patch(`/v1/links/${link.id}`).set(other.auth).send({ maxClicks: 1 }), 404);
  });
});

describe('targeting: the first rule the visitor matches decides', () => {
  let slug: string;
  beforeAll(async () => {
    const link = await create({
      url: 'https://example.com/default',
      targeting: [
        { url: 'https://example.com/campaign', query: { ref: 'mail' } },
        { url: 'myapp://item/42', os: ['ios'], browser: ['safari'] },
        { url: 'https://apps.apple.com/app/id123456789', os: ['ios'] },
        { url: 'https://play.google.com/store/apps/details?id=com.example', os: ['android'] },
        { url: 'https://example.com/de', language: ['de'] },
        { url: 'https://example.com/fr-ca', country: ['CA'], language: ['fr'] },
        { url: 'https://example.com/firefox', browser: ['firefox'], device: ['desktop'] },
      ],
    });
    slug = link.slug;
  });

  it('sends iOS Safari to the app by its deep link', async () => {
    expect(await locationOf(slug, { 'User-Agent': SAFARI_IPHONE })).toBe('myapp://item/42');
  });

  it('sends Android to the Play Store', async () => {
    expect(await locationOf(slug, { 'User-Agent': PIXEL_ANDROID })).toBe('https://play.google.com/store/apps/details?id=com.example');
  });

  it('matches a language by its preferred tag, a region included (de takes de-AT)', async () => {
    expect(await locationOf(slug, { 'Accept-Language': 'de-AT,de;q=0.9,en;q=0.8' })).toBe('https://example.com/de');
    expect(await locationOf(slug, { 'Accept-Language': 'en-US,de;q=0.5' })).toBe('https://example.com/default');
    expect(await locationOf(slug, { 'Accept-Language': 'en;q=0.4,de;q=0.9' })).toBe('https://example.com/de');
  });

  it('needs every condition of a rule: country and language', async () => {
    expect(await locationOf(slug, { 'X-Country': 'CA', 'Accept-Language': 'fr-CA' })).toBe('https://example.com/fr-ca');
    expect(await locationOf(slug, { 'X-Country': 'FR', 'Accept-Language': 'fr-FR' })).toBe('https://example.com/default');
  });

  it('matches the browser and the device', async () => {
    expect(await locationOf(slug, { 'User-Agent': FIREFOX_WINDOWS })).toBe('https://example.com/firefox');
  });

  it('matches a query parameter, and an earlier rule wins over a later one', async () => {
    expect(await locationOf(`${slug}?ref=mail`, { 'User-Agent': SAFARI_IPHONE })).toBe('https://example.com/campaign');
    expect(await locationOf(`${slug}?ref=web`)).toBe('https://example.com/default');
  });

  it("sends everyone else to the link's URL", async () => {
    expect(await locationOf(slug)).toBe('https://example.com/default');
  });

  it('is answered without the database once cached, and never kept by shared caches', async () => {
    await locationOf(slug);
    const before = await metricValue(t.app, 'shortline_db_query_duration_seconds_count', { module: 'links', outcome: 'ok' });
    const res = await follow(slug, { 'User-Agent': PIXEL_ANDROID }).expect(302);
    expect(res.headers['cache-control']).toBe('private, max-age=90');
    expect(await metricValue(t.app, 'shortline_db_query_duration_seconds_count', { module: 'links', outcome: 'ok' })).toBe(before);
  });
});

describe('an A/B split', () => {
  it('sends visitors by weight, each always to the same variant', async () => {
    const link = await create({
      url: 'https://example.com/',
      redirectType: 301,
      variants: [
        { name: 'control', url: 'https://example.com/a', weight: 25 },
        { name: 'new', url: 'https://example.com/b', weight: 75 },
      ],
    });
    const seen: Record<string, number> = {};
    for (let i = 0; i < 200; i++) {
      const agent = `${CHROME_MAC} visitor/${i}`;
      const first = (await follow(link.slug, { 'User-Agent': agent }).expect(301)).headers.location as string;
      seen[first] = (seen[first] ?? 0) + 1;
      if (i % 20 === 0) expect((await follow(link.slug, { 'User-Agent': agent })).headers.location).toBe(first);
    }
    // 25% of 200 is 50; a fair split stays well inside 25-75 (binomial, p < 1e-6 outside).
    expect(seen['https://example.com/a']).toBeGreaterThan(25);
    expect(seen['https://example.com/a']).toBeLessThan(75);
    expect(seen['https://example.com/a'] + seen['https://example.com/b']).toBe(200);
  });

  it('counts clicks per variant in the stats', async () => {
    const link = await create({
      url: 'https://example.com/',
      variants: [
        { name: 'left', url: 'https://example.com/l', weight: 50 },
        { name: 'right', url: 'https://example.com/r', weight: 50 },
      ],
    });
    const sent: Record<string, number> = { left: 0, right: 0 };
    for (let i = 0; i < 40; i++) {
      const to = await locationOf(link.slug, { 'User-Agent': `${CHROME_MAC} visitor/${i}` });
      sent[to.endsWith('/l') ? 'left' : 'right']++;
    }
    await t.shortline.apis.get('analytics').flushClicks();
    await t.shortline.apis.get('analytics').rollUp();
    const res = await request(t.app).get(`/v1/links/${link.id}/stats/breakdown?by=variant`).set(acme.auth).expect(200);
    expect(Object.fromEntries(res.body.data.map((row: { value: string; clicks: number }) => [row.value, row.clicks]))).toEqual(sent);
    // A link without a split has no variant rows.
    const plain = await create({ url: 'https://example.com/plain' });
    await locationOf(plain.slug);
    await t.shortline.apis.get('analytics').flushClicks();
    await t.shortline.apis.get('analytics').rollUp();
    expect((await request(t.app).get(`/v1/links/${plain.id}/stats/breakdown?by=variant`).set(acme.auth).expect(200)).body.data).toEqual([]);
  });

  it('is personal: even a 301 is not kept by shared caches', async () => {
    const link = await create({
      url: 'https://example.com/',
      redirectType: 301,
      variants: [
        { url: 'https://example.com/a', weight: 50 },
        { url: 'https://example.com/b', weight: 50 },
      ],
    });
    const res = await follow(link.slug).expect(301);
    expect(res.headers['cache-control']).toBe('private, max-age=90');
  });
});

describe('UTM parameters', () => {
  it("are added to the target, replacing the target's own of the same name", async () => {
    const link = await create({ url: 'https://example.com/p?utm_source=old&x=1#top', utm: { source: 'news letter', medium: 'email' } });
    expect(await locationOf(link.slug)).toBe('https://example.com/p?x=1&utm_source=news+letter&utm_medium=email#top');
  });

  it('give way to the parameters the short URL was opened with, when it forwards its query', async () => {
    const link = await create({ url: 'https://example.com/p', forwardQuery: true, utm: { source: 'newsletter', campaign: 'spring' } });
    expect(await locationOf(`${link.slug}?utm_source=twitter&y=2`)).toBe('https://example.com/p?utm_campaign=spring&utm_source=twitter&y=2');
  });

  it('go to targeting and variant destinations too, but not to app links', async () => {
    const link = await create({
      url: 'https://example.com/p',
      utm: { campaign: 'c' },
      targeting: [
        { url: 'myapp://open', os: ['ios'] },
        { url: 'https://example.com/android', os: ['android'] },
      ],
    });
    expect(await locationOf(link.slug, { 'User-Agent': SAFARI_IPHONE })).toBe('myapp://open');
    expect(await locationOf(link.slug, { 'User-Agent': PIXEL_ANDROID })).toBe('https://example.com/android?utm_campaign=c');
  });
});

describe('a social preview', () => {
  it('is what link-preview crawlers get, as Open Graph tags, while people are redirected', async () => {
    const link = await create({
      url: 'https://example.com/launch',
      socialPreview: { title: 'Our <launch>', description: 'Big "news"', image: 'https://example.com/card.png' },
    });
    const page = await follow(link.slug, { 'User-Agent': SLACKBOT }).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<meta property="og:title" content="Our &lt;launch&gt;">');
    expect(page.text).toContain('<meta property="og:description" content="Big &quot;news&quot;">');
    expect(page.text).toContain('<meta property="og:image" content="https://example.com/card.png">');
    expect(page.text).toContain('<meta name="twitter:card" content="summary_large_image">');
    expect(page.text).toContain('content="0; url=https://example.com/launch"');
    // A search engine's crawler and a person follow the redirect.
    expect(await locationOf(link.slug, { 'User-Agent': GOOGLEBOT })).toBe('https://example.com/launch');
    expect(await locationOf(link.slug)).toBe('https://example.com/launch');
  });

  it('does not show the target of a password-protected link', async () => {
    const link = await create({ url: 'https://example.com/secret-place', password: 'pw-1', socialPreview: { title: 'Members only' } });
    const page = await follow(link.slug, { 'User-Agent': SLACKBOT }).expect(200);
    expect(page.text).toContain('Members only');
    expect(page.text).not.toContain('secret-place');
  });
});

describe('a password', () => {
  const cookiesOf = (res: request.Response): string[] => (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  const cookie = (res: request.Response, name: string) =>
    cookiesOf(res)
      .find((c) => c.startsWith(`${name}=`))
      ?.split(';')[0];

  async function openForm(slug: string) {
    const form = await follow(slug, { Accept: 'text/html' }).expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(form.text)![1];
    return { form, csrf, csrfCookie: cookie(form, 'sl_csrf')! };
  }

  const submit = (slug: string, csrfCookie: string, fields: Record<string, string>) =>
    request(t.app).post(`/${slug}/unlock`).set({ Cookie: csrfCookie, 'User-Agent': CHROME_MAC }).type('form').send(fields);

  it('shows browsers a form (no JavaScript needed) and JSON clients a 401 problem', async () => {
    const link = await create({ url: 'https://example.com/private', password: 'open sesame' });
    const { form, csrfCookie } = await openForm(link.slug);
    expect(form.headers['cache-control']).toBe('no-store');
    expect(form.text).toContain(`<form method="post" action="/${link.slug}/unlock">`);
    expect(form.text).not.toContain('<script');
    expect(csrfCookie).toMatch(/^sl_csrf=/);
    expect(cookiesOf(form)[0]).toMatch(/HttpOnly/i);
    expect(cookiesOf(form)[0]).toMatch(/SameSite=Strict/i);
    const problem = expectProblem(await follow(link.slug, { Accept: 'application/json' }), 401);
    expect(problem.type).toBe('urn:shortline:problem:link-password-required');
  });

  it('lets the visitor through after the right password, remembered by a cookie for this link only', async () => {
    const link = await create({ url: 'https://example.com/private', password: 'open sesame', forwardQuery: true });
    const other = await create({ url: 'https://example.com/other', password: 'open sesame' });
    const { csrf, csrfCookie } = await openForm(`${link.slug}?x=1`);
    const res = await submit(`${link.slug}`, csrfCookie, { password: 'open sesame', csrf }).expect(303);
    expect(res.headers.location).toBe(`/${link.slug}`);
    const unlock = cookie(res, 'sl_unlock')!;
    expect(cookiesOf(res)[0]).toMatch(new RegExp(`Path=/${link.slug}`));
    expect(cookiesOf(res)[0]).toMatch(/Max-Age=3600/);
    expect(await locationOf(`${link.slug}?x=1`, { Cookie: unlock })).toBe('https://example.com/private?x=1');
    // The cookie names this link: another link with the same password still asks.
    await follow(other.slug, { Cookie: unlock, Accept: 'text/html' }).expect(200);
    // A forged or expired cookie does not pass.
    await follow(link.slug, { Cookie: `sl_unlock=${Math.floor(Date.now() / 1000) + 60}.forged`, Accept: 'text/html' }).expect(200);
    await follow(link.slug, { Cookie: unlock.replace(/=\d+\./, '=1.'), Accept: 'text/html' }).expect(200);
  });

  it('shows the form again after a wrong password', async () => {
    const link = await create({ url: 'https://example.com/private', password: 'right' });
    const { csrf, csrfCookie } = await openForm(link.slug);
    const res = await submit(link.slug, csrfCookie, { password: 'wrong', csrf }).expect(403);
    expect(res.text).toContain('Wrong password');
    expect(cookie(res, 'sl_unlock')).toBeUndefined();
  });

  it('refuses a form without its cookie (another site posting it) by sending the browser back for a fresh one', async () => {
    const link = await create({ url: 'https://example.com/private', password: 'right' });
    const { csrf } = await openForm(link.slug);
    const res = await request(t.app).post(`/${link.slug}/unlock`).type('form').send({ password: 'right', csrf }).expect(303);
    expect(res.headers.location).toBe(`/${link.slug}`);
    expect(cookie(res, 'sl_unlock')).toBeUndefined();
  });

  it('slows down guessing: after 5 wrong passwords the visitor must wait, even with the right one', async () => {
    const link = await create({ url: 'https://example.com/private', password: 'right' });
    const { csrf, csrfCookie } = await openForm(link.slug);
    for (let i = 0; i < 5; i++) await submit(link.slug, csrfCookie, { password: `guess-${i}`, csrf }).expect(403);
    const locked = await submit(link.slug, csrfCookie, { password: 'right', csrf }).expect(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(await metricValue(t.app, 'shortline_link_unlocks_total', { outcome: 'locked_out' })).toBeGreaterThanOrEqual(1);
  });

  it('voids remembered visitors when the password changes, and is removed with null', async () => {
    const link = await create({ url: 'https://example.com/private', password: 'first' });
    const { csrf, csrfCookie } = await openForm(link.slug);
    const unlock = cookie(await submit(link.slug, csrfCookie, { password: 'first', csrf }).expect(303), 'sl_unlock')!;
    await request(t.app).patch(`/v1/links/${link.id}`).set(acme.auth).send({ password: 'second' }).expect(200);
    await follow(link.slug, { Cookie: unlock, Accept: 'text/html' }).expect(200);
    const open = (await request(t.app).patch(`/v1/links/${link.id}`).set(acme.auth).send({ password: null }).expect(200)).body;
    expect(open.passwordProtected).toBe(false);
    expect(await locationOf(link.slug)).toBe('https://example.com/private');
  });

  it.each([
    ['a JSON body', (r: request.Test) => r.send({ password: 'x', csrf: 'y' }), 415],
    ['a form without the password', (r: request.Test) => r.type('form').send({ csrf: 'y' }), 400],
    ['an oversize form', (r: request.Test) => r.type('form').send({ password: 'x'.repeat(5000), csrf: 'y' }), 413],
  ])('refuses %s with a problem', async (_name, send, status) => {
    const link = await create({ url: 'https://example.com/private', password: 'right' });
    expectProblem(await send(request(t.app).post(`/${link.slug}/unlock`)), status);
  });

  it('answers 404 for an unknown slug', async () => {
    expectProblem(await request(t.app).post('/no-such-link/unlock').type('form').send({ password: 'x', csrf: 'y' }), 404);
  });
});

describe('a click limit', () => {
  it('answers 410 once its clicks are used; HEAD and bots do not use them', async () => {
    const link = await create({ url: 'https://example.com/limited', maxClicks: 3 });
    await request(t.app).head(`/${link.slug}`).expect(302);
    await follow(link.slug, { 'User-Agent': GOOGLEBOT }).expect(302);
    for (let i = 0; i < 3; i++) await follow(link.slug).expect(302);
    const page = await follow(link.slug, { Accept: 'text/html' }).expect(410);
    expect(page.text).toContain('expired');
    expectProblem(await follow(link.slug, { Accept: 'application/json' }), 410);
  });

  it('opens again when the limit is raised, the clicks served still counting', async () => {
    const link = await create({ url: 'https://example.com/limited', maxClicks: 2 });
    for (let i = 0; i < 2; i++) await follow(link.slug).expect(302);
    await follow(link.slug).expect(410);
    await request(t.app).patch(`/v1/links/${link.id}`).set(acme.auth).send({ maxClicks: 3 }).expect(200);
    await follow(link.slug).expect(302);
    await follow(link.slug).expect(410);
  });

  it('holds under concurrent requests in one process', async () => {
    const link = await create({ url: 'https://example.com/limited', maxClicks: 25 });
    const statuses = await Promise.all(Array.from({ length: 60 }, () => follow(link.slug).then((res) => res.status)));
    expect(statuses.filter((s) => s === 302)).toHaveLength(25);
    expect(statuses.filter((s) => s === 410)).toHaveLength(35);
  });
});

import request from 'supertest';
import { createTestApp, createWorkspace, expectProblem, type TestApp, type TestWorkspace } from '../../support/app';
import { metricValue } from '../../support/metrics';
import { encodeSymbol } from '../../../src/modules/links/qr/render';
import { pixelAt, pngPixels, readCode, svgPixels, testPng } from '../../support/qr';

let t: TestApp;
let acme: TestWorkspace;
let globex: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_BASE_URL: 'https://sho.rt' });
  acme = await createWorkspace(t.app, 'Acme');
  globex = await createWorkspace(t.app, 'Globex');
});
afterAll(() => t.close());

interface Link {
  id: string;
  slug: string;
  shortUrl: string;
  publicQr: boolean;
}

const create = async (body: object, ws = acme): Promise<Link> => (await request(t.app).post('/v1/links').set(ws.auth).send(body).expect(201)).body;

/** The body as bytes, whatever its type (supertest would buffer an image, but not say so in its types). */
function bytes(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** GET of an image that must answer 200: its bytes as `body`. */
async function image(path: string, headers: Record<string, string> = {}): Promise<request.Response & { body: Buffer }> {
  const res = await request(t.app).get(path).set(headers).buffer(true).parse(bytes);
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.body.toString()}`);
  return res as request.Response & { body: Buffer };
}

const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;
const putLogo = (png: Buffer, ws = acme) =>
  request(t.app)
    .put('/v1/qr-logo')
    .set(ws.auth)
    .send({ image: dataUrl(png) });
const qrCodes = (format: string, outcome: string) => metricValue(t.app, 'shortline_qr_codes_total', { format, outcome }, { absent: 0 });
const linkQueries = () => metricValue(t.app, 'shortline_db_query_duration_seconds_count', { module: 'links', outcome: 'ok' });

describe('GET /v1/links/:id/qr', () => {
  let link: Link;
  beforeAll(async () => {
    link = await create({ url: 'https://example.com/spring', slug: 'Spring-Launch' });
  });

  it("answers an SVG by default that reads back as the link's shortUrl, cached privately and revalidated", async () => {
    const res = await image(`/v1/links/${link.id}/qr`, acme.auth);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.headers['cache-control']).toBe('private, no-cache');
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(res.headers.vary).toMatch(/Accept/);
    const svg = res.body.toString();
    expect(svg).toMatch(/^<svg [^>]*width="300" height="300"/);
    expect(readCode(svgPixels(svg))).toBe('https://sho.rt/Spring-Launch');
    expect(link.shortUrl).toBe('https://sho.rt/Spring-Launch');
  });

  it('answers a PNG of the size asked for that reads back as the shortUrl, with format=png or Accept: image/png', async () => {
    for (const [query, headers] of [
      ['?format=png', {}],
      ['', { Accept: 'image/png' }],
    ] as const) {
      const res = await image(`/v1/links/${link.id}/qr${query}`, { ...acme.auth, ...headers });
      expect(res.headers['content-type']).toBe('image/png');
      const png = pngPixels(res.body);
      expect([png.width, png.height]).toEqual([300, 300]);
      expect(readCode(png)).toBe(link.shortUrl);
    }
  });

  it('draws the colours, size, margin and error correction asked for, and still reads', async () => {
    const res = await image(`/v1/links/${link.id}/qr?format=png&size=517&margin=9&ecl=Q&fg=%231A237E&bg=fff9c4`, acme.auth);
    const png = pngPixels(res.body);
    expect(png.width).toBe(517);
    expect(pixelAt(png, 0, 0)).toEqual([0xff, 0xf9, 0xc4, 255]);
    const dark: number[] = [];
    for (let x = 0; x < png.width; x++) if (pixelAt(png, x, Math.floor(png.height / 2)).join() === '26,35,126,255') dark.push(x);
    expect(dark.length).toBeGreaterThan(0);
    // The quiet zone: no dark pixel in the 9 modules next to the edge.
    const modules = encodeSymbol(link.shortUrl, 'Q').size + 2 * 9;
    expect(Math.min(...dark)).toBeGreaterThanOrEqual(Math.ceil((9 * 517) / modules));
    expect(readCode(png)).toBe(link.shortUrl);

    const svg = (await image(`/v1/links/${link.id}/qr?fg=%23aa000080&bg=%2300000000&margin=0`, acme.auth)).body.toString();
    expect(svg).toContain('<path fill="#aa0000" fill-opacity="0.502"');
    expect(svg).not.toContain('<rect');
    expect(readCode(svgPixels(svg))).toBe(link.shortUrl);
  });

  it('answers 304 without a body to If-None-Match with the current ETag, weak or strong, and a new ETag for other options', async () => {
    const first = await image(`/v1/links/${link.id}/qr?format=png`, acme.auth);
    const etag = first.headers.etag;
    const notModified = await qrCodes('png', 'not_modified');
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const res = await request(t.app).get(`/v1/links/${link.id}/qr?format=png`).set(acme.auth).set('If-None-Match', header).expect(304);
      expect(res.headers.etag).toBe(etag);
      expect(res.text ?? '').toBe('');
    }
    expect(await qrCodes('png', 'not_modified')).toBe(notModified + 3);
    await request(t.app).get(`/v1/links/${link.id}/qr?format=png`).set(acme.auth).set('If-None-Match', '"stale"').expect(200);
    const others = await Promise.all(
      ['?format=svg', '?format=png&size=301', '?format=png&margin=3', '?format=png&ecl=H', '?format=png&fg=000001', '?format=png&bg=fffffe'].map(
        async (query) => (await image(`/v1/links/${link.id}/qr${query}`, acme.auth)).headers.etag,
      ),
    );
    expect(new Set([etag, ...others]).size).toBe(7);
  });

  it('draws a code once and answers it from the render cache after that', async () => {
    const path = `/v1/links/${link.id}/qr?format=png&size=333`;
    const [rendered, cached] = [await qrCodes('png', 'rendered'), await qrCodes('png', 'cached')];
    const first = await image(path, acme.auth);
    const second = await image(path, acme.auth);
    expect(second.body.equals(first.body)).toBe(true);
    expect(await qrCodes('png', 'rendered')).toBe(rendered + 1);
    expect(await qrCodes('png', 'cached')).toBe(cached + 1);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await request(t.app).head(`/v1/links/${link.id}/qr?format=png`).set(acme.auth).expect(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers.etag).toMatch(/^"/);
    expect(res.body).toEqual({});
  });

  it("answers 404 for an unknown id, a malformed one and another workspace's link", async () => {
    const theirs = await create({ url: 'https://example.com/theirs' }, globex);
    expectProblem(await request(t.app).get(`/v1/links/${theirs.id}/qr`).set(acme.auth), 404);
    expectProblem(await request(t.app).get('/v1/links/00000000-0000-4000-8000-000000000000/qr').set(acme.auth), 404);
    expectProblem(await request(t.app).get('/v1/links/nope/qr').set(acme.auth), 404);
  });

  it('answers 401 without a key or with a bad one, and 403 to a key without links:read', async () => {
    expectProblem(await request(t.app).get(`/v1/links/${link.id}/qr`), 401);
    expectProblem(await request(t.app).get(`/v1/links/${link.id}/qr`).set('Authorization', 'Bearer sl_nope'), 401);
    const narrow = await request(t.app)
      .post('/v1/api-keys')
      .set(acme.auth)
      .send({ name: 'stats', scopes: ['analytics:read'] })
      .expect(201);
    const problem = expectProblem(await request(t.app).get(`/v1/links/${link.id}/qr`).set('Authorization', `Bearer ${narrow.body.key}`), 403);
    expect(problem.detail).toContain('links:read');
  });

  it.each([
    ['format', 'format=gif', 'must be svg or png'],
    ['size', 'size=63', 'must be at least 64'],
    ['size', 'size=2049', 'must be at most 2048'],
    ['size', 'size=big', 'must be a number'],
    ['size', 'size=300.5', 'must be a whole number'],
    ['size', 'size=300&size=400', 'must be a number'],
    ['margin', 'margin=-1', 'must be at least 0'],
    ['margin', 'margin=17', 'must be at most 16'],
    ['ecl', 'ecl=X', 'must be one of L, M, Q, H'],
    ['fg', 'fg=red', 'must be a colour'],
    ['fg', 'fg=%23fff', 'must be a colour'],
    ['bg', 'bg=%23ffffff0', 'must be a colour'],
    ['bg', 'bg=%23ffffff%00', 'must not contain NUL'],
    ['fg', 'fg=%0A000000', 'must be a colour'],
    ['logo', 'logo=yes', 'must be true or false'],
  ])('answers 400 naming query.%s for %s', async (field, query, message) => {
    const problem = expectProblem(await request(t.app).get(`/v1/links/${link.id}/qr?${query}`).set(acme.auth), 400);
    expect(problem.errors).toEqual([{ field: `query.${field}`, message: expect.stringContaining(message) }]);
  });

  it('answers 400 for an unknown option', async () => {
    const problem = expectProblem(await request(t.app).get(`/v1/links/${link.id}/qr?colour=red`).set(acme.auth), 400);
    expect(JSON.stringify(problem.errors)).toContain('colour');
  });

  it('answers 400 naming query.size when the code needs more pixels than asked for, and says how many', async () => {
    const long = await create({ url: 'https://example.com/long', slug: `l${'o'.repeat(61)}ng` });
    const res = await request(t.app).get(`/v1/links/${long.id}/qr?size=64&margin=16`).set(acme.auth);
    const problem = expectProblem(res, 400);
    expect(problem.errors).toEqual([{ field: 'query.size', message: expect.stringMatching(/^must be at least \d+ for this link's code/) }]);
    expect(res.headers.etag).toBeUndefined();
  });
});

describe('the workspace logo, /v1/qr-logo', () => {
  let link: Link;
  const logo = testPng(96, 64);
  beforeAll(async () => {
    link = await create({ url: 'https://example.com/logo', slug: 'with-logo' });
  });

  it('answers 404 before a logo is set, and 409 to a code asked for with logo=true', async () => {
    const fresh = await createWorkspace(t.app, 'No logo');
    const theirs = await create({ url: 'https://example.com/none' }, fresh);
    expectProblem(await request(t.app).get('/v1/qr-logo').set(fresh.auth), 404);
    const problem = expectProblem(await request(t.app).get(`/v1/links/${theirs.id}/qr?logo=true`).set(fresh.auth), 409);
    expect(problem.detail).toMatch(/no QR-code logo/);
    expectProblem(await request(t.app).delete('/v1/qr-logo').set(fresh.auth), 404);
  });

  it('sets, reads and removes the logo', async () => {
    const set = await putLogo(logo).expect(200);
    expect(set.body).toMatchObject({
      image: dataUrl(logo),
      width: 96,
      height: 64,
      bytes: logo.length,
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect((await request(t.app).get('/v1/qr-logo').set(acme.auth).expect(200)).body).toEqual(set.body);
    // Another workspace's logo is its own.
    expectProblem(await request(t.app).get('/v1/qr-logo').set(globex.auth), 404);
    await request(t.app).delete('/v1/qr-logo').set(acme.auth).expect(204);
    expectProblem(await request(t.app).get('/v1/qr-logo').set(acme.auth), 404);
    expectProblem(await request(t.app).get(`/v1/links/${link.id}/qr?logo=true`).set(acme.auth), 409);
  });

  it('draws the logo in the centre of PNG and SVG codes at level H, which still read', async () => {
    await putLogo(logo).expect(200);
    const png = pngPixels((await image(`/v1/links/${link.id}/qr?format=png&size=400&logo=true&ecl=L`, acme.auth)).body);
    expect(pixelAt(png, 200, 200)).toEqual([0x1e, 0x40, 0xff, 255]);
    expect(readCode(png)).toBe(link.shortUrl);

    const svg = (await image(`/v1/links/${link.id}/qr?logo=true`, acme.auth)).body.toString();
    expect(svg).toContain(`xlink:href="${dataUrl(logo)}"`);
    expect(readCode(svgPixels(svg))).toBe(link.shortUrl);

    // ecl is H whatever was asked: the same ETag for L and for H.
    const etags = await Promise.all(
      ['L', 'H'].map(async (ecl) => (await image(`/v1/links/${link.id}/qr?logo=true&ecl=${ecl}`, acme.auth)).headers.etag),
    );
    expect(etags[0]).toBe(etags[1]);
  });

  it("gives codes drawn with the logo a new ETag when the logo changes, and leaves the others' alone", async () => {
    await putLogo(logo).expect(200);
    const etag = async (query: string) => (await image(`/v1/links/${link.id}/qr?${query}`, acme.auth)).headers.etag;
    const [withLogo, without] = [await etag('logo=true'), await etag('ecl=H')];
    expect(withLogo).not.toBe(without);
    await putLogo(testPng(64, 64)).expect(200);
    expect(await etag('logo=true')).not.toBe(withLogo);
    expect(await etag('ecl=H')).toBe(without);
  });

  it.each([
    ['no image', {}, 'body.image'],
    ['an image that is no data URL', { image: 'https://example.com/logo.png' }, 'body.image'],
    ['a JPEG data URL', { image: 'data:image/jpeg;base64,/9j/4AAQSkZJRg==' }, 'body.image'],
    ['bytes that are no PNG', { image: dataUrl(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/> and more bytes')) }, 'body.image'],
    ['a PNG cut short', { image: dataUrl(testPng(64, 64).subarray(0, 70)) }, 'body.image'],
    ['a PNG of too many pixels', { image: dataUrl(testPng(2000, 4)) }, 'body.image'],
    ['control characters', { image: 'data:image/png;base64,iVBOR\u0001w0KGgo=' }, 'body.image'],
    ['a NUL', { image: 'data:image/png;base64,iVBOR\u0000w0KGgo=' }, 'body.image'],
    ['an unknown field', { image: dataUrl(testPng(8, 8)), name: 'logo' }, 'body'],
  ])('refuses %s with 400, keeping the logo it had', async (_name, body, field) => {
    const before = (await putLogo(logo).expect(200)).body;
    const problem = expectProblem(await request(t.app).put('/v1/qr-logo').set(acme.auth).send(body), 400);
    expect(problem.errors).toEqual([expect.objectContaining({ field })]);
    expect((await request(t.app).get('/v1/qr-logo').set(acme.auth).expect(200)).body).toEqual(before);
  });

  it('refuses malformed JSON with 400, a body that is not JSON with 415, and a PNG over 100 KB with 413', async () => {
    expectProblem(await request(t.app).put('/v1/qr-logo').set(acme.auth).set('Content-Type', 'application/json').send('{"image":'), 400);
    expectProblem(await request(t.app).put('/v1/qr-logo').set(acme.auth).set('Content-Type', 'image/png').send(logo), 415);
    const noise = testPng(200, 200, 'noise');
    expect(noise.length).toBeGreaterThan(100 * 1024);
    const problem = expectProblem(await putLogo(noise), 413);
    expect(problem.detail).toContain('at most 102400');
  });

  it('needs links:write to set or remove the logo, and links:read to read it', async () => {
    const reader = await request(t.app)
      .post('/v1/api-keys')
      .set(acme.auth)
      .send({ name: 'reader', scopes: ['links:read'] })
      .expect(201);
    const auth = { Authorization: `Bearer ${reader.body.key}` };
    expectProblem(
      await request(t.app)
        .put('/v1/qr-logo')
        .set(auth)
        .send({ image: dataUrl(logo) }),
      403,
    );
    expectProblem(await request(t.app).delete('/v1/qr-logo').set(auth), 403);
    const stats = await request(t.app)
      .post('/v1/api-keys')
      .set(acme.auth)
      .send({ name: 'stats', scopes: ['analytics:read'] })
      .expect(201);
    expectProblem(await request(t.app).get('/v1/qr-logo').set('Authorization', `Bearer ${stats.body.key}`), 403);
    expectProblem(
      await request(t.app)
        .put('/v1/qr-logo')
        .send({ image: dataUrl(logo) }),
      401,
    );
  });
});

describe('GET /:slug/qr', () => {
  it('answers the code of the short URL to anyone, matching the slug ignoring case, cached publicly', async () => {
    const link = await create({ url: 'https://example.com/public', slug: 'Public-Code' });
    const res = await image('/public-CODE/qr?format=png');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(readCode(pngPixels(res.body))).toBe('https://sho.rt/Public-Code');
    expect(link.shortUrl).toBe('https://sho.rt/Public-Code');
    const svg = await image('/Public-Code/qr/');
    expect(readCode(svgPixels(svg.body.toString()))).toBe(link.shortUrl);
    await request(t.app).get('/public-code/qr').set('If-None-Match', svg.headers.etag).expect(304);
    await request(t.app)
      .head('/public-code/qr')
      .expect(200)
      .expect('Content-Type', /^image\/svg\+xml/);
  });

  it('serves the code from caches: repeated requests ask the database nothing', async () => {
    await create({ url: 'https://example.com/hot', slug: 'hot-code' });
    await image('/hot-code/qr');
    const before = await linkQueries();
    for (let i = 0; i < 5; i++) await image('/hot-code/qr');
    expectProblem(await request(t.app).get('/unknown-code/qr'), 404);
    const after = await linkQueries();
    for (let i = 0; i < 5; i++) expectProblem(await request(t.app).get('/unknown-code/qr'), 404);
    expect(await linkQueries()).toBe(after);
    expect(after - before).toBeLessThanOrEqual(1);
  });

  it('answers 404 for a link whose public code is off, as for an unknown slug; the API still draws it', async () => {
    const link = await create({ url: 'https://example.com/private', slug: 'private-code', publicQr: false });
    expect(link.publicQr).toBe(false);
    const off = expectProblem(await request(t.app).get('/private-code/qr'), 404);
    const unknown = expectProblem(await request(t.app).get('/no-such-code/qr'), 404);
    expect([off.type, off.title, off.detail]).toEqual([unknown.type, unknown.title, unknown.detail]);
    await image(`/v1/links/${link.id}/qr`, acme.auth);

    // Turned on, it is served at once (the write evicts the slug from the cache), and off again.
    await request(t.app).patch(`/v1/links/${link.id}`).set(acme.auth).send({ publicQr: true }).expect(200);
    await image('/private-code/qr');
    const patched = await request(t.app).patch(`/v1/links/${link.id}`).set(acme.auth).send({ publicQr: false }).expect(200);
    expect(patched.body.publicQr).toBe(false);
    expectProblem(await request(t.app).get('/private-code/qr'), 404);
  });

  it('answers 404 for reserved paths and paths that cannot be slugs, which keep working as before', async () => {
    for (const path of ['/v1/qr', '/healthz/qr', '/not.a.slug/qr', `/${'a'.repeat(65)}/qr`]) {
      expectProblem(await request(t.app).get(path), 404);
    }
    await request(t.app).get('/healthz').expect(200);
    await request(t.app).get('/v1/links').set(acme.auth).expect(200);
    await request(t.app).get('/v1/qr-logo').set(globex.auth).expect(404);
    const link = await create({ url: 'https://example.com/still', slug: 'still-redirects' });
    expect((await request(t.app).get(`/${link.slug}`).expect(302)).headers.location).toBe('https://example.com/still');
  });

  it('answers 410 for an expired link', async () => {
    const link = await create({ url: 'https://example.com/old', slug: 'old-code', expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await t.shortline.db.platform.raw("update links.links set expires_at = now() - interval '1 minute' where id = ?", [link.id]);
    await request(t.app).patch(`/v1/links/${link.id}`).set(acme.auth).send({ title: 'evict the cached target' }).expect(200);
    const problem = expectProblem(await request(t.app).get('/old-code/qr'), 410);
    expect(problem.type).toBe('urn:shortline:problem:link-expired');
  });

  it('validates its options as the API does, and answers 405 to other methods', async () => {
    await create({ url: 'https://example.com/opts', slug: 'opts-code' });
    const problem = expectProblem(await request(t.app).get('/opts-code/qr?size=10'), 400);
    expect(problem.errors).toEqual([{ field: 'query.size', message: 'must be at least 64' }]);
    expectProblem(await request(t.app).post('/opts-code/qr'), 405);
  });

  it('draws the logo of the workspace that owns the link', async () => {
    await putLogo(testPng(64, 64), globex).expect(200);
    const theirs = await create({ url: 'https://example.com/globex', slug: 'globex-code' }, globex);
    const png = pngPixels((await image('/globex-code/qr?format=png&size=400&logo=true')).body);
    expect(pixelAt(png, 200, 200)).toEqual([0x1e, 0x40, 0xff, 255]);
    expect(readCode(png)).toBe(theirs.shortUrl);
  });
});

describe('publicQr on links', () => {
  it('is true unless set, and must be a boolean', async () => {
    expect((await create({ url: 'https://example.com/a' })).publicQr).toBe(true);
    const problem = expectProblem(await request(t.app).post('/v1/links').set(acme.auth).send({ url: 'https://example.com/a', publicQr: 'no' }), 400);
    expect(problem.errors).toEqual([{ field: 'body.publicQr', message: 'must be true or false' }]);
  });
});

describe('metrics', () => {
  it('label the QR routes by their pattern and count renders and cache hits by format', async () => {
    await create({ url: 'https://example.com/m', slug: 'metric-code' });
    await image('/metric-code/qr?format=png&size=640');
    await image('/metric-code/qr?format=png&size=640');
    const count = (route: string) =>
      metricValue(t.app, 'shortline_http_request_duration_seconds_count', { method: 'GET', route, status: '200' }, { absent: 0 });
    expect(await count('/:slug/qr')).toBeGreaterThanOrEqual(2);
    expect(await count('/v1/links/:id/qr')).toBeGreaterThan(0);
    expect(await qrCodes('png', 'rendered')).toBeGreaterThan(0);
    expect(await qrCodes('png', 'cached')).toBeGreaterThan(0);
  });
});

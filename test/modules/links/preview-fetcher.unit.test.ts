import { fetchPreview } from '../../../src/modules/links/previews/preview-fetcher';
import type { OutboundResponse } from '../../../src/shared/outbound';

/**
 * One preview fetch's decisions on answers that are awkward to serve from a
 * real server (odd redirects, charsets, content types); the outbound client is
 * replaced by a function returning the answer. previews.test.ts covers the
 * fetch and the job end to end, against real servers and the database.
 */
const URL_ = 'https://example.com/';

const response = (status: number, headers: Record<string, string> = {}, body = ''): OutboundResponse => ({
  status,
  headers,
  body: Buffer.from(body),
  truncated: false,
  ms: 1,
});

describe('fetchPreview', () => {
  it('refuses to follow a redirect to another scheme, or one without a Location', async () => {
    expect(await fetchPreview({ request: async () => response(302, { location: 'file:///etc/passwd' }) }, URL_, 1000)).toMatchObject({
      status: 'failed',
      error: 'the page redirected to a file URL',
    });
    expect(await fetchPreview({ request: async () => response(307) }, URL_, 1000)).toMatchObject({
      status: 'failed',
      error: 'the page answered 307 without a Location header',
    });
  });

  it('records a network error as failed, on one line', async () => {
    const outcome = await fetchPreview(
      {
        request: async () => {
          throw new Error('getaddrinfo ENOTFOUND\nexample.invalid');
        },
      },
      URL_,
      1000,
    );
    expect(outcome).toEqual({ status: 'failed', title: null, description: null, image: null, error: 'getaddrinfo ENOTFOUND example.invalid' });
  });

  it('decodes the body in the charset the page declares', async () => {
    const latin1 = Buffer.from('<title>Caf\xe9</title>', 'latin1');
    const viaHeader = await fetchPreview(
      { request: async () => ({ ...response(200, { 'content-type': 'text/html; charset=ISO-8859-1' }), body: latin1 }) },
      URL_,
      1000,
    );
    expect(viaHeader).toMatchObject({ status: 'ok', title: 'Café' });
    const viaMeta = Buffer.concat([Buffer.from('<meta charset="windows-1252">'), latin1]);
    expect(
      await fetchPreview({ request: async () => ({ ...response(200, { 'content-type': 'text/html' }), body: viaMeta }) }, URL_, 1000),
    ).toMatchObject({
      status: 'ok',
      title: 'Café',
    });
  });

  it('accepts XHTML, and refuses a response without a content type', async () => {
    expect(
      await fetchPreview({ request: async () => response(200, { 'content-type': 'application/xhtml+xml' }, '<title>X</title>') }, URL_, 1000),
    ).toMatchObject({
      status: 'ok',
      title: 'X',
    });
    expect(await fetchPreview({ request: async () => response(200, {}, '<title>X</title>') }, URL_, 1000)).toMatchObject({
      status: 'failed',
      error: 'not an HTML page (no Content-Type)',
    });
  });
});

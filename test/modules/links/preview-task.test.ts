import { fetchPreview } from '../../../src/modules/links/preview-fetcher';
import { fetchPreviewTask, PREVIEW_MAX_ATTEMPTS } from '../../../src/modules/links/preview-task';
import type { LinksRepository } from '../../../src/modules/links/repository';
import type { LinkPreview } from '../../../src/modules/links/types';
import { createLogger } from '../../../src/shared/logging';
import { createMetrics } from '../../../src/shared/metrics';
import { OutboundUnavailable, type OutboundClient, type OutboundResponse } from '../../../src/shared/outbound';

/**
 * The preview job's decisions, with the outbound client and the repository
 * replaced by stubs: what is retried, what is recorded, what is not fetched at
 * all. (previews.test.ts covers the same job against real servers.)
 */
const LINK = { workspaceId: '0d6b6b1c-72a3-4f8b-b6f7-48d68cd738ca', linkId: '12597d71-3fda-4813-a005-b82e77c8be3b', url: 'https://example.com/' };

const response = (status: number, headers: Record<string, string> = {}, body = ''): OutboundResponse => ({
  status,
  headers,
  body: Buffer.from(body),
  truncated: false,
  ms: 1,
});

function setup(options: { enabled?: boolean; pointsAt?: boolean; request: () => Promise<OutboundResponse> }) {
  const stored: LinkPreview[] = [];
  const cleared: string[] = [];
  const repo = {
    pointsAt: async () => options.pointsAt ?? true,
    storePreview: async (_ws: string, _id: string, _url: string, preview: LinkPreview) => {
      stored.push(preview);
      return true;
    },
    clearPendingPreview: async (_ws: string, id: string) => void cleared.push(id),
  } as unknown as LinksRepository;
  const request = jest.fn(options.request);
  const outbound = { request } as unknown as OutboundClient;
  const task = fetchPreviewTask({
    repo,
    outbound,
    enabled: options.enabled ?? true,
    timeoutMs: 1000,
    logger: createLogger({ level: 'silent', format: 'json' }),
    metrics: createMetrics(),
  });
  return { task, stored, cleared, request };
}

const circuitOpen = async (): Promise<OutboundResponse> => {
  throw new OutboundUnavailable('example.com', 'circuit-open');
};

it('rethrows OutboundUnavailable so graphile-worker retries later, storing nothing', async () => {
  const { task, stored } = setup({ request: circuitOpen });
  await expect(task.run(LINK, { id: '1', attempts: 1 })).rejects.toBeInstanceOf(OutboundUnavailable);
  await expect(task.run(LINK, { id: '1', attempts: PREVIEW_MAX_ATTEMPTS - 1 })).rejects.toBeInstanceOf(OutboundUnavailable);
  expect(stored).toEqual([]);
});

it('records OutboundUnavailable as failed on the last attempt, so the link does not stay pending', async () => {
  const { task, stored } = setup({ request: circuitOpen });
  await task.run(LINK, { id: '1', attempts: PREVIEW_MAX_ATTEMPTS });
  expect(stored).toEqual([
    { status: 'failed', title: null, description: null, image: null, error: expect.stringMatching(/circuit open/), fetchedAt: expect.any(String) },
  ]);
});

it('does not call out for a link deleted or pointed elsewhere since the job was queued', async () => {
  const { task, stored, request } = setup({ pointsAt: false, request: async () => response(200, { 'content-type': 'text/html' }, '<title>x</title>') });
  await task.run(LINK, { id: '1', attempts: 1 });
  expect(request).not.toHaveBeenCalled();
  expect(stored).toEqual([]);
});

it('with previews turned off, calls nothing and clears the pending marker', async () => {
  const { task, stored, cleared, request } = setup({ enabled: false, request: async () => response(200) });
  await task.run(LINK, { id: '1', attempts: 1 });
  expect(request).not.toHaveBeenCalled();
  expect(stored).toEqual([]);
  expect(cleared).toEqual([LINK.linkId]);
});

describe('fetchPreview', () => {
  it('refuses to follow a redirect to another scheme, or one without a Location', async () => {
    expect(await fetchPreview({ request: async () => response(302, { location: 'file:///etc/passwd' }) }, LINK.url, 1000)).toMatchObject({
      status: 'failed',
      error: 'the page redirected to a file URL',
    });
    expect(await fetchPreview({ request: async () => response(307) }, LINK.url, 1000)).toMatchObject({
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
      LINK.url,
      1000,
    );
    expect(outcome).toEqual({ status: 'failed', title: null, description: null, image: null, error: 'getaddrinfo ENOTFOUND example.invalid' });
  });

  it('decodes the body in the charset the page declares', async () => {
    const latin1 = Buffer.from('<title>Caf\xe9</title>', 'latin1');
    const viaHeader = await fetchPreview({ request: async () => ({ ...response(200, { 'content-type': 'text/html; charset=ISO-8859-1' }), body: latin1 }) }, LINK.url, 1000);
    expect(viaHeader).toMatchObject({ status: 'ok', title: 'Café' });
    const viaMeta = Buffer.concat([Buffer.from('<meta charset="windows-1252">'), latin1]);
    expect(await fetchPreview({ request: async () => ({ ...response(200, { 'content-type': 'text/html' }), body: viaMeta }) }, LINK.url, 1000)).toMatchObject({
      status: 'ok',
      title: 'Café',
    });
  });

  it('accepts XHTML, and refuses a response without a content type', async () => {
    expect(await fetchPreview({ request: async () => response(200, { 'content-type': 'application/xhtml+xml' }, '<title>X</title>') }, LINK.url, 1000)).toMatchObject({
      status: 'ok',
      title: 'X',
    });
    expect(await fetchPreview({ request: async () => response(200, {}, '<title>X</title>') }, LINK.url, 1000)).toMatchObject({
      status: 'failed',
      error: 'not an HTML page (no Content-Type)',
    });
  });
});

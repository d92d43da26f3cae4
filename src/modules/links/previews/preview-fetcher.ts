import type { IncomingHttpHeaders } from 'node:http';
import { OutboundRefused, OutboundUnavailable, type OutboundClient } from '../../../shared/outbound';
import { extractPageMetadata, type PageMetadata } from './preview-html';

/** Enough for any page's <head>; the rest of the page is not read. */
export const PREVIEW_MAX_BYTES = 256 * 1024;
const MAX_REDIRECTS = 3;
const MAX_ERROR_LENGTH = 300;
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export type PreviewOutcome =
  ({ status: 'ok'; error: null } & PageMetadata) | { status: 'failed' | 'blocked'; error: string; title: null; description: null; image: null };

/**
 * Fetches `url` for its preview: GET through the outbound client, which checks
 * every address against the SSRF policy at connect time, caps time and size and
 * follows no redirect. Redirects are followed here, at most three, each hop a
 * call of its own, so each is checked, counted against its host's breaker and
 * bulkhead like the first (a public page redirecting to 169.254.169.254 is
 * blocked on that hop). `timeoutMs` bounds all hops together, so a job holds a
 * worker slot that long at most.
 *
 * Every expected way of not getting a page (refused, timeout, network error,
 * non-2xx, not HTML) is an outcome, not a throw: retrying would not change it.
 * The exception is `OutboundUnavailable` (the host's circuit is open or too many
 * calls are in flight), which says "not now" rather than "no": it is thrown
 * for the caller to decide (the task retries later).
 */
export async function fetchPreview(outbound: Pick<OutboundClient, 'request'>, url: string, timeoutMs: number): Promise<PreviewOutcome> {
  const deadline = Date.now() + timeoutMs;
  let current = url;
  for (let hop = 0; ; hop++) {
    // The first hop gets the whole budget, exactly (its timeout error names it).
    const remaining = hop === 0 ? timeoutMs : deadline - Date.now();
    if (remaining <= 0) return failed(`no complete answer within ${timeoutMs} ms (after ${hop} redirects)`);
    let response;
    try {
      response = await outbound.request({
        method: 'GET',
        url: current,
        headers: { Accept: 'text/html, application/xhtml+xml', 'User-Agent': 'Shortline-LinkPreview/1.0' },
        timeoutMs: remaining,
        maxBytes: PREVIEW_MAX_BYTES,
        truncate: true,
      });
    } catch (error) {
      if (error instanceof OutboundUnavailable) throw error;
      if (error instanceof OutboundRefused) return failed(error.message, 'blocked');
      return failed(error instanceof Error ? error.message : String(error));
    }
    if (REDIRECT_STATUSES.has(response.status)) {
      const location = response.headers.location;
      if (location === undefined) return failed(`the page answered ${response.status} without a Location header`);
      if (hop >= MAX_REDIRECTS) return failed(`more than ${MAX_REDIRECTS} redirects`);
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        return failed(`the page redirected to an invalid URL`);
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') return failed(`the page redirected to a ${next.protocol.replace(/:$/, '')} URL`);
      current = next.href;
      continue;
    }
    if (response.status < 200 || response.status > 299) return failed(`the page answered ${response.status}`);
    const type = mediaType(response.headers);
    if (type === undefined || !HTML_TYPES.has(type)) return failed(`not an HTML page (${type ?? 'no Content-Type'})`);
    return { status: 'ok', error: null, ...extractPageMetadata(decode(response.body, response.headers), current) };
  }
}

function failed(why: string, status: 'failed' | 'blocked' = 'failed'): PreviewOutcome {
  const line = why.replace(/\s+/g, ' ').trim();
  return {
    status,
    error: line.length > MAX_ERROR_LENGTH ? `${line.slice(0, MAX_ERROR_LENGTH - 1)}…` : line,
    title: null,
    description: null,
    image: null,
  };
}

function mediaType(headers: IncomingHttpHeaders): string | undefined {
  const type = headers['content-type']?.split(';')[0].trim().toLowerCase();
  return type === '' ? undefined : type;
}

/**
 * The body as text: in the charset the Content-Type names, else the one a
 * `<meta charset>` near the top declares, else UTF-8. A byte sequence invalid in
 * that charset (a body cut at the size cap mid-character) becomes U+FFFD.
 */
function decode(body: Buffer, headers: IncomingHttpHeaders): string {
  const declared =
    /charset\s*=\s*"?([\w.:-]+)/i.exec(headers['content-type'] ?? '')?.[1] ??
    /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(body.subarray(0, 1024).toString('latin1'))?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(body);
  } catch {
    // An unknown charset label: UTF-8 is the likeliest truth on the web.
    return new TextDecoder('utf-8').decode(body);
  }
}

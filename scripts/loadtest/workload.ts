import type { Body } from './api';
import type { Mix, RequestKind } from './args';
import { ZipfPicker } from './zipf';

/** The shares of each request type per scenario (mixed: what a link shortener in use sees). */
export const SCENARIO_MIXES: Record<'redirect' | 'api' | 'mixed', Mix> = {
  redirect: { redirect: 100 },
  api: { create: 20, list: 20, get: 20, update: 20, stats: 20 },
  mixed: { redirect: 90, create: 4, stats: 3, list: 1, update: 1, dashboard: 1 },
};

/** One request to send: what the server must answer for it to count as a success. */
export interface PlannedRequest {
  kind: RequestKind;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: string;
  /** More header lines, each ending in CRLF (a visitor's User-Agent and Accept-Language, a session's cookie). */
  headers?: string;
  /** Sent without the API key: its credentials are in `headers`. */
  anonymous?: boolean;
  /** Statuses that count as success; anything else is an error. */
  expect: readonly number[];
}

/** The links a run works on: slugs for redirects, ids for the API. */
export interface DataSet {
  slugs: string[];
  ids: string[];
  /** A signed-in person's session cookie (`name=value`), for the dashboard's reads; set up only when the mix has them. */
  session?: string;
}

const REDIRECT_STATUSES = [301, 302, 307, 308];

/**
 * Who follows the short links: phones and desktops, English and German, so
 * the links with rules (setup.ts) send them to different places, and each
 * click is a person's (with analytics' visitor work) rather than a bot's.
 */
export const VISITORS: readonly string[] = [
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
    'en-US,en;q=0.9',
  ],
  ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36', 'de-DE,de;q=0.9'],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0', 'de-AT,de;q=0.8'],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', 'en-GB,en;q=0.9'],
].map(([agent, language]) => `User-Agent: ${agent}\r\nAccept-Language: ${language}\r\n`);

/**
 * Draws the next request: its type by the mix's shares, its link by Zipf
 * popularity (the most popular links get most redirects and most reads).
 */
export class Workload {
  private readonly kinds: RequestKind[] = [];
  private readonly cumulative: number[] = [];
  private readonly slugPicker: ZipfPicker;
  private readonly idPicker: ZipfPicker;
  private created = 0;

  constructor(
    mix: Mix,
    private readonly data: DataSet,
    private readonly tag: string,
    private readonly random: () => number = Math.random,
  ) {
    let total = 0;
    for (const [kind, share] of Object.entries(mix) as [RequestKind, number][]) {
      if (!share) continue;
      total += share;
      this.kinds.push(kind);
      this.cumulative.push(total);
    }
    this.cumulative = this.cumulative.map((c) => c / total);
    if (data.slugs.length === 0 || data.ids.length === 0) throw new Error('the data set has no links');
    if (this.kinds.includes('dashboard') && data.session === undefined) throw new Error('the data set has no session for the dashboard reads');
    this.slugPicker = new ZipfPicker(data.slugs.length, 1, random);
    this.idPicker = new ZipfPicker(data.ids.length, 1, random);
  }

  next(): PlannedRequest {
    const r = this.random();
    const kind =
      this.kinds[
        Math.min(
          this.kinds.length - 1,
          this.cumulative.findIndex((c) => r < c),
        )
      ] ?? this.kinds[this.kinds.length - 1];
    const id = () => this.data.ids[this.idPicker.pick()];
    switch (kind) {
      case 'redirect':
        return {
          kind,
          method: 'GET',
          path: `/${this.data.slugs[this.slugPicker.pick()]}`,
          headers: VISITORS[Math.floor(this.random() * VISITORS.length)],
          expect: REDIRECT_STATUSES,
        };
      case 'create':
        return {
          kind,
          method: 'POST',
          path: '/v1/links',
          body: JSON.stringify({
            url: `https://loadtest.invalid/${this.tag}/new/${this.created++}`,
            tags: ['loadtest'],
          } satisfies Body<'/v1/links', 'post'>),
          expect: [201],
        };
      case 'get':
        return { kind, method: 'GET', path: `/v1/links/${id()}`, expect: [200] };
      case 'list':
        return { kind, method: 'GET', path: '/v1/links?limit=20', expect: [200] };
      case 'update':
        return {
          kind,
          method: 'PATCH',
          path: `/v1/links/${id()}`,
          body: JSON.stringify({ title: `loadtest ${Math.floor(this.random() * 1e9)}` } satisfies Body<'/v1/links/{id}', 'patch'>),
          expect: [200],
        };
      case 'dashboard':
        // The dashboard's links page, read by a signed-in person: session auth instead of an API key.
        return { kind, method: 'GET', path: '/v1/links?limit=20', headers: `Cookie: ${this.data.session}\r\n`, anonymous: true, expect: [200] };
      case 'stats':
        return { kind, method: 'GET', path: `/v1/links/${id()}/stats`, expect: [200] };
    }
  }
}

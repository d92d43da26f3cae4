import type { Body } from './api';
import type { Mix, RequestKind } from './args';
import { ZipfPicker } from './zipf';

/** The shares of each request type per scenario (mixed: what a link shortener in use sees). */
export const SCENARIO_MIXES: Record<'redirect' | 'api' | 'mixed', Mix> = {
  redirect: { redirect: 100 },
  api: { create: 20, list: 20, get: 20, update: 20, stats: 20 },
  mixed: { redirect: 90, create: 4, stats: 4, list: 1, update: 1 },
};

/** One request to send: what the server must answer for it to count as a success. */
export interface PlannedRequest {
  kind: RequestKind;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: string;
  /** Statuses that count as success; anything else is an error. */
  expect: readonly number[];
}

/** The links a run works on: slugs for redirects, ids for the API. */
export interface DataSet {
  slugs: string[];
  ids: string[];
}

const REDIRECT_STATUSES = [301, 302, 307, 308];

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
        return { kind, method: 'GET', path: `/${this.data.slugs[this.slugPicker.pick()]}`, expect: REDIRECT_STATUSES };
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
      case 'stats':
        return { kind, method: 'GET', path: `/v1/links/${id()}/stats`, expect: [200] };
    }
  }
}

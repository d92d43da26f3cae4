import type { CacheRegistry } from '../../../shared/cache';
import { Conflict } from '../../../shared/errors';
import type { LinksRepository } from '../data/links-repository';
import { slugTaken } from '../errors';
import type { LinkDraft } from '../http/schemas';
import type { LinkRows } from '../link-rows';
import { REDIRECT_CACHE } from '../link-writes';
import type { SlugLedger } from '../slugs/slug-directory';
import { drawSlug, linkKey, SLUG_ATTEMPTS } from '../slugs/slug';
import type { Link } from '../types';

/** Inserts new links inside a write's transaction: a transactional create's one, a bulk create's many. */
export class LinkInserter {
  constructor(
    private readonly rows: LinkRows,
    private readonly caches: CacheRegistry,
  ) {}

  /**
   * Inserts links with one statement per round and returns, per input in its
   * order, the link or the Conflict that refused its slug: taken by a stored
   * link, or by an earlier input of the same call. A generated slug that
   * collides (rare: 62^7 of them) is drawn again, up to SLUG_ATTEMPTS rounds.
   */
  async insert(repo: LinksRepository, slugs: SlugLedger, workspaceId: string, inputs: readonly LinkDraft[]): Promise<(Link | Conflict)[]> {
    const outcomes: (Link | Conflict)[] = new Array(inputs.length);
    const requested = new Set<string>();
    let pending: number[] = [];
    inputs.forEach((input, i) => {
      if (input.slug === undefined) pending.push(i);
      else if (requested.has(linkKey(input.domain, input.slug))) outcomes[i] = slugTaken(input.slug);
      else {
        requested.add(linkKey(input.domain, input.slug));
        pending.push(i);
      }
    });
    for (let round = 1; pending.length > 0; round++) {
      // Slugs drawn for this statement avoid each other and the requested ones (on any domain: rare enough not to matter).
      const inStatement = new Set([...requested].map((key) => key.slice(key.indexOf('/') + 1)));
      const rows = pending.map((i) => ({ ...this.rows.newRow(workspaceId, inputs[i]), slug: inputs[i].slug ?? drawSlug(inStatement) }));
      const keyOf = (row: { domain: string | null; slug: string }) => linkKey(row.domain, row.slug);
      // The directory first: a slug another workspace holds on that domain (on any shard) is taken.
      const claimed = await slugs.claim(rows.map(keyOf));
      const stored = new Map((await repo.insertWhereSlugFree(rows.filter((row) => claimed.has(keyOf(row))))).map((row) => [keyOf(row), row]));
      const again: number[] = [];
      pending.forEach((i, n) => {
        const row = stored.get(keyOf(rows[n]));
        const slug = inputs[i].slug;
        if (row) outcomes[i] = this.rows.toLink(row);
        else if (slug !== undefined) outcomes[i] = slugTaken(slug);
        else if (round < SLUG_ATTEMPTS) again.push(i);
        else throw new Error(`No free slug found in ${SLUG_ATTEMPTS} draws`);
      });
      pending = again;
    }
    // A slug may sit in some process's cache as "unknown" from an earlier probe.
    const keys = outcomes.flatMap((o) => (o instanceof Conflict ? [] : [linkKey(o.domain, o.slug)]));
    if (keys.length > 0) await this.caches.invalidate(repo.db, REDIRECT_CACHE, keys);
    return outcomes;
  }
}

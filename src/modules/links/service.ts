import type { Cache, CacheRegistry } from '../../shared/cache';
import type { ReadRouter } from '../../shared/db';
import { createEvent, type EventPublisher } from '../../shared/events';
import { Conflict, Invalid, type DomainError } from '../../shared/errors';
import { isUuid } from '../../shared/http/validate';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor';
import { linkCreated, linkDeleted, linkUpdated } from './events';
import type { PreviewScheduler } from './previews/preview-scheduler';
import { isSlugTaken, LinksRepository, type LinkChanges, type LinkRow } from './data/links-repository';
import type { CreateLinkInput, LinkDraft, UpdateLinkInput } from './http/schemas';
import { hashPassword } from './rules/password';
import { isWebUrl } from './rules/destination';
import { hostKey } from '../../shared/http/host';
import { NO_RULES } from './rules/link-rules';
import type { SlugDirectory } from './slugs/slug-directory';
import { linkKey } from './slugs/slug';
import type { CreatePath } from './create/create-path';
import { LinkInserter } from './create/link-inserter';
import { oneStatementCreate } from './create/one-statement-create';
import { transactionalCreate } from './create/transactional-create';
import { limitReached, limitReachedOr, notFound, slugTaken } from './errors';
import { eventLink, LinkRows, storedRules, type EventLink } from './link-rows';
import { LinkWrites, REDIRECT_CACHE } from './link-writes';
import type { RedirectTarget } from './redirect/redirect-target';
import type { ImportOutcome, Link } from './types';
import type { DomainsApi } from '../domains';

export interface LinksServiceOptions {
  publicBaseUrl: string;
  /** Which of the workspace's domains a new link may live on. */
  domains: DomainsApi;
  defaultMaxLinks: number;
  /** Queues the preview fetch of each new target once its write committed; undefined when LINK_PREVIEWS is off. */
  previews: PreviewScheduler | undefined;
}

/** What became of one item of a bulk create: its link, or why it was refused. */
export type BulkOutcome = { index: number; link: Link } | { index: number; error: DomainError };

/** An import's item: a create input with what only an import sets, or why the row is no link at all. */
export type ImportItem = { input: CreateLinkInput; expiresAt?: string; importedClicks: number } | string;

/**
 * The links use cases. Every write evicts the slugs it touches from every
 * process's redirect cache and publishes its domain event, both in the write's
 * transaction; a write that sets a target URL marks its preview pending there
 * (when previews are on), and the fetch is queued once it committed (see
 * PreviewScheduler).
 */
export class LinksService {
  private readonly rows: LinkRows;
  private readonly writes: LinkWrites;
  private readonly inserter: LinkInserter;
  private readonly oneStatementCreate: CreatePath;
  private readonly transactionalCreate: CreatePath;

  constructor(
    private readonly repo: LinksRepository,
    private readonly caches: CacheRegistry,
    private readonly redirects: Cache<RedirectTarget>,
    private readonly events: EventPublisher,
    private readonly reads: ReadRouter,
    private readonly slugs: SlugDirectory,
    private readonly options: LinksServiceOptions,
  ) {
    this.rows = new LinkRows(options.publicBaseUrl, options.previews !== undefined);
    this.writes = new LinkWrites(repo, slugs, reads, options.previews);
    this.inserter = new LinkInserter(this.rows, caches);
    const { rows, writes, inserter } = this;
    this.oneStatementCreate = oneStatementCreate({ repo, slugs, caches, rows, writes, defaultMaxLinks: options.defaultMaxLinks });
    this.transactionalCreate = transactionalCreate({ writes, inserter, events, defaultMaxLinks: options.defaultMaxLinks });
  }

  async createLink(workspaceId: string, input: CreateLinkInput): Promise<Link> {
    const [draft, path] = await Promise.all([this.linkDraft(workspaceId, input), this.createPathFor(workspaceId)]);
    if (draft instanceof Invalid) throw draft;
    try {
      return await path.create(workspaceId, draft);
    } catch (error) {
      throw limitReachedOr(error);
    }
  }

  /**
   * The create path for one link (ADR 0006): one statement where nothing else
   * has to join its transaction, else a transaction. Something must join with
   * SHARDS (the slug claim commits on main, apart from the shard's write) and
   * where a subscriber would hear of the link (its delivery job belongs in the
   * create's transaction; like a click flush, a create builds no event outside
   * its audience). A bulk create is always a transaction.
   */
  private async createPathFor(workspaceId: string): Promise<CreatePath> {
    if (!this.slugs.claimsInStatement) return this.transactionalCreate;
    const heard = (await this.events.audience(linkCreated.type, [workspaceId])).size > 0;
    return heard ? this.transactionalCreate : this.oneStatementCreate;
  }

  /**
   * One transaction and one INSERT for the batch. An item whose slug is taken
   * gets 409 and the others go on; past the workspace's limit, the request's
   * last created items are taken back (403), as if created one by one.
   */
  async bulkCreate(workspaceId: string, items: { index: number; input: CreateLinkInput }[]): Promise<BulkOutcome[]> {
    // Hashed and their domains checked before the transaction: passwords cost CPU, not locks.
    // One look-up per distinct domain, however many items name it.
    const domains = new Map<string, ReturnType<DomainsApi['domainForLink']>>();
    const prepared = await Promise.all(items.map((item) => this.linkDraft(workspaceId, item.input, domains)));
    const refusedDrafts: BulkOutcome[] = [];
    const accepted: { index: number; draft: LinkDraft }[] = [];
    prepared.forEach((draft, n) => {
      if (draft instanceof Invalid) refusedDrafts.push({ index: items[n].index, error: draft });
      else accepted.push({ index: items[n].index, draft });
    });
    if (accepted.length === 0) return refusedDrafts;
    return [...(await this.insertDrafts(workspaceId, accepted)), ...refusedDrafts];
  }

  /**
   * An import's batch (the imports module's): each item is created unless the
   * workspace already has it — a link with its slug (or, without a slug, its
   * URL) and the same target is `exists`, so a file imported twice creates
   * nothing the second time. A slug another target holds is `taken`; the
   * caller's conflict policy decides what then. Created as a bulk create is.
   */
  async importLinks(workspaceId: string, items: readonly ImportItem[]): Promise<ImportOutcome[]> {
    const outcomes: ImportOutcome[] = new Array(items.length);
    const domains = new Map<string, ReturnType<DomainsApi['domainForLink']>>();
    const drafts = await Promise.all(items.map((item) => (typeof item === 'string' ? item : this.linkDraft(workspaceId, item.input, domains))));
    const keyOf = (draft: LinkDraft) => linkKey(draft.domain, draft.slug!);
    const valid = drafts.flatMap((draft) => (typeof draft === 'string' || draft instanceof Invalid ? [] : [draft]));
    const [byKey, byUrl] = await Promise.all([
      this.repo.findByKeys(workspaceId, [...new Set(valid.filter((d) => d.slug !== undefined).map(keyOf))]),
      this.repo.findByUrls(workspaceId, [...new Set(valid.filter((d) => d.slug === undefined).map((d) => d.url))]),
    ]);
    const stored = new Map(byKey.map((row) => [row.key, row]));
    const storedUrls = new Map(byUrl.map((row) => [row.url, row.id]));
    // Within the batch too: a repeated row is the same link, a repeated slug with another target is taken.
    const inBatch = new Map<string, string>();
    const accepted: { index: number; draft: LinkDraft }[] = [];
    drafts.forEach((draft, index) => {
      if (typeof draft === 'string') return void (outcomes[index] = { outcome: 'invalid', reason: draft });
      if (draft instanceof Invalid) return void (outcomes[index] = { outcome: 'invalid', reason: rowReason(draft) });
      const key = draft.slug === undefined ? `url:${draft.url}` : keyOf(draft);
      const existing = draft.slug === undefined ? storedUrls.get(draft.url) : stored.get(key);
      if (existing !== undefined) {
        const sameTarget = typeof existing === 'string' || existing.url === draft.url;
        outcomes[index] = sameTarget ? { outcome: 'exists', linkId: typeof existing === 'string' ? existing : existing.id } : { outcome: 'taken' };
        return;
      }
      const earlier = inBatch.get(key);
      if (earlier !== undefined) return void (outcomes[index] = earlier === draft.url ? { outcome: 'exists', linkId: null } : { outcome: 'taken' });
      inBatch.set(key, draft.url);
      const item = items[index] as Exclude<ImportItem, string>;
      accepted.push({ index, draft: { ...draft, expiresAt: item.expiresAt ?? draft.expiresAt, importedClicks: item.importedClicks } });
    });
    if (accepted.length > 0) {
      for (const result of await this.insertDrafts(workspaceId, accepted)) {
        if ('link' in result) outcomes[result.index] = { outcome: 'created', link: result.link };
        else if (result.error instanceof Conflict) outcomes[result.index] = { outcome: 'taken' };
        else outcomes[result.index] = { outcome: 'refused', reason: result.error.message };
      }
    }
    return outcomes;
  }

  /** Drafts inserted in one transaction, as bulkCreate and importLinks make them: past the workspace's limit, the last ones are taken back. */
  private async insertDrafts(workspaceId: string, accepted: { index: number; draft: LinkDraft }[]): Promise<BulkOutcome[]> {
    const drafts = accepted.map((item) => item.draft);
    return this.writes.write(workspaceId, async (repo, slugs, previewsPending) => {
      const outcomes = await this.inserter.insert(repo, slugs, workspaceId, drafts);
      const inserted = outcomes.filter((o): o is Link => !(o instanceof Conflict));
      const { past, max } = await repo.countCreatedPastLimit(workspaceId, inserted.length, this.options.defaultMaxLinks);
      const refused = new Set(inserted.slice(inserted.length - past).map((link) => link.id));
      if (past > 0) {
        await repo.deleteByIds(workspaceId, [...refused]);
        await slugs.release(inserted.filter((link) => refused.has(link.id)).map((link) => linkKey(link.domain, link.slug)));
        await repo.removeFromCount(workspaceId, past);
      }
      const results = accepted.map(({ index }, n): BulkOutcome => {
        const outcome = outcomes[n];
        if (outcome instanceof Conflict) return { index, error: outcome };
        if (refused.has(outcome.id)) return { index, error: limitReached(max) };
        return { index, link: outcome };
      });
      // One publish and one statement for the batch's jobs: subscribers get the
      // created links in deliveries of up to 500, not one delivery per link.
      const created = results.flatMap((r) => ('link' in r ? [r.link] : []));
      await this.events.publish(repo.db, ...created.map((link) => createEvent(linkCreated, workspaceId, { link: eventLink(link) })));
      previewsPending(created);
      return results;
    });
  }

  async getLink(workspaceId: string, id: string): Promise<Link> {
    const link = await this.findLink(workspaceId, id);
    if (!link) throw notFound(id);
    return link;
  }

  /** The link, or undefined for an unknown id, another workspace's id or a string that is no id at all. */
  async findLink(workspaceId: string, id: string): Promise<Link | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.reads.forWorkspace(workspaceId, (db) => new LinksRepository(db).findById(workspaceId, id));
    return row && this.rows.toLink(row);
  }

  /** The workspace's links among `ids` (unknown or foreign ids are left out), for other modules. */
  async findLinks(workspaceId: string, ids: readonly string[]): Promise<Link[]> {
    const valid = ids.filter(isUuid);
    return (await this.reads.forWorkspace(workspaceId, (db) => new LinksRepository(db).findByIds(workspaceId, valid))).map((row) =>
      this.rows.toLink(row),
    );
  }

  async listLinks(workspaceId: string, query: { limit: number; cursor?: string; tag?: string; q?: string; domain?: string }) {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    // One extra row tells whether another page exists without a count query.
    const filter = { limit: query.limit + 1, after, tag: query.tag, q: query.q, domain: query.domain };
    const rows = await this.reads.forWorkspace(workspaceId, (db) => new LinksRepository(db).list(workspaceId, filter));
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      data: page.map((row) => this.rows.toLink(row)),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
    };
  }

  async updateLink(workspaceId: string, id: string, patch: UpdateLinkInput): Promise<Link> {
    const [passwordHash, loop] = await Promise.all([
      typeof patch.password === 'string' ? hashPassword(patch.password) : patch.password,
      this.loopingDestination(patch),
    ]);
    if (loop !== undefined) throw loop;
    return this.writes.write(workspaceId, async (repo, slugs, previewsPending) => {
      const current = await repo.findById(workspaceId, id, true);
      if (!current) throw notFound(id);
      const changes: LinkChanges = {};
      if (patch.url !== undefined) changes.url = patch.url;
      if (patch.slug !== undefined) changes.slug = patch.slug;
      if (patch.title !== undefined) changes.title = patch.title;
      if (patch.tags !== undefined) changes.tags = patch.tags;
      if (patch.expiresAt !== undefined) changes.expires_at = patch.expiresAt === null ? null : new Date(patch.expiresAt);
      if (patch.redirectType !== undefined) changes.redirect_type = patch.redirectType;
      if (patch.forwardQuery !== undefined) changes.forward_query = patch.forwardQuery;
      if (passwordHash !== undefined) changes.password_hash = passwordHash;
      if (patch.maxClicks !== undefined) changes.max_clicks = patch.maxClicks;
      if ([patch.targeting, patch.variants, patch.utm, patch.socialPreview].some((field) => field !== undefined)) {
        const rules = current.rules ?? NO_RULES;
        changes.rules = storedRules({
          targeting: patch.targeting ?? rules.targeting,
          variants: patch.variants ?? rules.variants,
          utm: patch.utm === undefined ? rules.utm : patch.utm,
          socialPreview: patch.socialPreview === undefined ? rules.socialPreview : patch.socialPreview,
        });
      }
      if (patch.publicQr !== undefined) changes.public_qr = patch.publicQr;
      // A new target needs a new preview; the old one no longer describes it.
      const retarget = patch.url !== undefined && patch.url !== current.url;
      if (retarget) Object.assign(changes, this.rows.initialPreview(patch.url!));
      const oldKey = linkKey(current.domain, current.slug);
      const newKey = patch.slug === undefined ? oldKey : linkKey(current.domain, patch.slug);
      const reslug = newKey !== oldKey;
      if (reslug && !(await slugs.claim([newKey])).has(newKey)) throw slugTaken(patch.slug!);
      let updated: LinkRow;
      try {
        // Only a new slug can break the unique slug key; the savepoint (two
        // more round trips) keeps that failure from aborting the transaction.
        updated = reslug ? await repo.savepoint((sp) => sp.update(workspaceId, id, changes)) : await repo.update(workspaceId, id, changes);
      } catch (error) {
        if (isSlugTaken(error)) throw slugTaken(patch.slug ?? '');
        throw error;
      }
      if (reslug) await slugs.release([oldKey]);
      // The old slug must stop resolving; the new one may be cached as unknown.
      await this.caches.invalidate(repo.db, REDIRECT_CACHE, [...new Set([oldKey, newKey])]);
      if (retarget) previewsPending([updated]);
      const before = eventLink(this.rows.toLink(current));
      const link = this.rows.toLink(updated);
      const after = eventLink(link);
      const changed = (Object.keys(after) as (keyof EventLink)[]).filter(
        (field) => field !== 'updatedAt' && JSON.stringify(after[field]) !== JSON.stringify(before[field]),
      );
      await this.events.publish(repo.db, createEvent(linkUpdated, workspaceId, { link: after, changed }));
      return link;
    });
  }

  deleteLink(workspaceId: string, id: string): Promise<void> {
    return this.writes.write(workspaceId, async (repo, slugs) => {
      // The slug's directory row, then the link, then the usage row: the order
      // a create takes them in, so a delete and a create of the same slug
      // queue on the directory row instead of deadlocking.
      const link = await repo.findById(workspaceId, id);
      if (!link) throw notFound(id);
      await slugs.release([linkKey(link.domain, link.slug)]);
      const deleted = await repo.delete(workspaceId, id);
      if (!deleted) throw notFound(id);
      await repo.removeFromCount(workspaceId, 1);
      await this.caches.invalidate(repo.db, REDIRECT_CACHE, [linkKey(deleted.domain, deleted.slug)]);
      await this.events.publish(repo.db, createEvent(linkDeleted, workspaceId, { linkId: deleted.id, slug: deleted.slug, domain: deleted.domain }));
    });
  }

  async setWorkspaceLimit(workspaceId: string, maxLinks: number | null): Promise<void> {
    await this.repo.setLimit(workspaceId, maxLinks);
  }

  /** The cached redirect target without I/O (see Cache.peek), so a hit stays synchronous. */
  cachedTarget(key: string): RedirectTarget | null | undefined {
    return this.redirects.peek(key);
  }

  /**
   * The redirect look-up: cached per lower-cased slug, unknown slugs cached
   * briefly; a load may read a replica that has replayed the slug's last
   * invalidation (so not the row as it was before a create or an update).
   */
  resolve(key: string): Promise<RedirectTarget | undefined> {
    return this.redirects.getOrLoad(key, () =>
      this.reads.read(this.redirects.freshSince(key), (db) => new LinksRepository(db).findRedirectTarget(key)),
    );
  }

  /** The workspace owning a link key, from the service-wide slug directory (for routing a redirect to its shard). */
  slugOwner(key: string): Promise<string | undefined> {
    return this.slugs.ownerOf(key);
  }

  /** Whether any link lives on the custom domain `hostname` (asked by domains before it deletes one). */
  linksOnDomain(hostname: string): Promise<boolean> {
    return this.slugs.inUse(hostname);
  }

  /**
   * A destination on one of this service's custom domains (its URL, a
   * targeting rule's or a variant's) would redirect back here, as one on
   * PUBLIC_BASE_URL would (that one is refused by the schema, which knows no
   * domains): the first such field as a 400, else undefined.
   */
  private async loopingDestination(input: Pick<UpdateLinkInput, 'url' | 'targeting' | 'variants'>): Promise<Invalid | undefined> {
    const destinations: [string, string][] = [];
    if (input.url !== undefined) destinations.push(['body.url', input.url]);
    input.targeting?.forEach((rule, i) => destinations.push([`body.targeting.${i}.url`, rule.url]));
    input.variants?.forEach((variant, i) => destinations.push([`body.variants.${i}.url`, variant.url]));
    for (const [field, url] of destinations) {
      if (!isWebUrl(url)) continue;
      if (typeof (await this.options.domains.resolveHost(hostKey(new URL(url).host))) !== 'object') continue;
      const message = "must not point at one of this service's custom domains (it would loop)";
      return new Invalid(`The request body is invalid (${field}: ${message})`, [{ field, message }]);
    }
    return undefined;
  }

  /** The link to create: its password (if any) hashed, its domain (if any) one of the workspace's verified ones; or why not. */
  private async linkDraft(
    workspaceId: string,
    input: CreateLinkInput,
    domains = new Map<string, ReturnType<DomainsApi['domainForLink']>>(),
  ): Promise<LinkDraft | Invalid> {
    const { password, domain, ...rest } = input;
    const lookUp = (name: string) => {
      let found = domains.get(name);
      if (found === undefined) domains.set(name, (found = this.options.domains.domainForLink(workspaceId, name)));
      return found;
    };
    const [passwordHash, found, loop] = await Promise.all([
      password === undefined ? undefined : hashPassword(password),
      domain === undefined ? undefined : lookUp(domain),
      this.loopingDestination(input),
    ]);
    if (loop !== undefined) return loop;
    if (found !== undefined && 'problem' in found) {
      return new Invalid(`The request body is invalid (body.domain: ${found.problem})`, [{ field: 'body.domain', message: found.problem }]);
    }
    return { ...rest, ...(passwordHash === undefined ? {} : { passwordHash }), ...(found === undefined ? {} : { domain: found.hostname }) };
  }
}

/** An import row's reason, as a create's 400 names it: the field (without `body.`) and its rule. */
function rowReason(invalid: Invalid): string {
  const first = invalid.errors[0];
  return first ? `${first.field.replace(/^body\./, '')} ${first.message}` : invalid.message;
}

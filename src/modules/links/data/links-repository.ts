import type { Knex } from 'knex';
import type { Position } from '../../../shared/http/cursor';
import type { LinkRules } from '../rules/link-rules';
import { compileRules } from '../rules/destination';
import { RedirectTarget } from '../redirect/redirect-target';
import type { LinkPreview, RedirectType } from '../types';

/** SQL on schema `links` only; every query on links is scoped by workspace id, except the public slug look-up. */

export interface LinkRow {
  id: string;
  workspace_id: string;
  /** The hostname of the custom domain the link lives on; null for the default domain. Set at creation. */
  domain: string | null;
  slug: string;
  url: string;
  title: string | null;
  tags: string[];
  expires_at: Date | null;
  redirect_type: RedirectType;
  forward_query: boolean;
  public_qr: boolean;
  created_at: Date;
  updated_at: Date;
  /** jsonb (pg sends objects as JSON): set to pending or null by the write that sets the URL, then by the preview job. */
  preview: LinkPreview | null;
  /** While the preview is pending: the host (URL.host) it is fetched from; else null. */
  preview_host: string | null;
  /** jsonb: targeting, variants, UTM, social preview; null for none. */
  rules: LinkRules | null;
  /** scrypt (rules/password.ts); never leaves the module. */
  password_hash: string | null;
  max_clicks: number | null;
  /** Clicks granted to serving processes against max_clicks (rules/click-allowance.ts). */
  clicks_claimed: number;
  /** bigint (pg sends it as a string): the clicks an import carried from the platform the link came from (migration 011). */
  imported_clicks: string | number;
}

export interface PreviewPair {
  workspace_id: string;
  preview_host: string;
}

type EditableColumns =
  | 'slug'
  | 'url'
  | 'title'
  | 'tags'
  | 'expires_at'
  | 'redirect_type'
  | 'forward_query'
  | 'preview'
  | 'preview_host'
  | 'rules'
  | 'password_hash'
  | 'max_clicks'
  | 'public_qr';
export type NewLinkRow = Pick<LinkRow, 'workspace_id' | 'domain' | EditableColumns> & Partial<Pick<LinkRow, 'imported_clicks'>>;
export type LinkChanges = Partial<Pick<LinkRow, EditableColumns>>;

export interface ListFilter {
  limit: number;
  after?: Position;
  tag?: string;
  q?: string;
  /** A custom domain's hostname. */
  domain?: string;
}

/** Unique per workspace and domain; across workspaces the slug directory decides (see slugs/slug-directory.ts). */
const SLUG_UNIQUE = 'links_workspace_slug_key';

/**
 * A link's key (slugs/slug.ts linkKey) in SQL: the lower-cased slug on the
 * default domain, `<hostname>/<slug>` on a custom one. Written as the
 * indexes are (migration 010), so look-ups by key use them.
 */
const LINK_KEY_SQL = "(coalesce(domain || '/', '') || lower(slug))";

export function isSlugTaken(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && e.constraint === SLUG_UNIQUE;
}

/** The limit a create was refused by (links.within_link_limit, migrations 006 and 007), or undefined for any other error. */
export function linkLimitOf(error: unknown): number | undefined {
  const e = error as { code?: string; detail?: string };
  return e.code === 'SL403' ? Number(e.detail) : undefined;
}

/** A piece of SQL with its `?` bindings, made elsewhere to go into a statement here. */
export interface SqlPart {
  sql: string;
  bindings: readonly Knex.RawBinding[];
}

/** Adds created links to a workspace's count (bindings: workspace id, how many); returns `link_count` and `max_links`. */
const COUNT_SQL = `insert into links.workspace_usage as u (workspace_id, link_count) values (?, ?)
  on conflict (workspace_id) do update set link_count = u.link_count + excluded.link_count
  returning link_count, max_links`;

export class LinksRepository {
  constructor(readonly db: Knex) {}

  transaction<T>(work: (repo: LinksRepository) => Promise<T>): Promise<T> {
    return this.db.transaction((trx) => work(new LinksRepository(trx)));
  }

  /** A savepoint inside the current transaction: its failure does not abort the outer one. */
  savepoint<T>(work: (repo: LinksRepository) => Promise<T>): Promise<T> {
    return this.transaction(work);
  }

  /**
   * Inserts the rows whose slug is free, in one statement, and returns those
   * (in no promised order); a row whose slug is taken is skipped, not an
   * error, so no savepoint is needed around it. `on conflict do nothing`
   * without a target covers the slug index and the primary key, and a
   * generated uuid does not collide. Slugs must be unique within `rows`.
   */
  async insertWhereSlugFree(rows: readonly NewLinkRow[]): Promise<LinkRow[]> {
    if (rows.length === 0) return [];
    return this.db<LinkRow>('links.links')
      .insert(rows as NewLinkRow[])
      .onConflict()
      .ignore()
      .returning('*');
  }

  /**
   * Creates one link in one statement, which is its own transaction: `claim`
   * (a CTE returning the slug keys the workspace holds, see SlugDirectory)
   * takes the slug, the link is inserted if it did and the slug is free in
   * the workspace, the workspace's count goes up by one, and `notice` (a call
   * such as the cache's pg_notify) is selected once for the link. Undefined
   * when the slug is taken; past the workspace's limit (its own, else
   * `defaultMaxLinks`) the statement fails, undoing all of it (linkLimitOf).
   */
  async createOne(row: NewLinkRow, claim: SqlPart, notice: SqlPart, defaultMaxLinks: number): Promise<LinkRow | undefined> {
    const { rows } = await this.db.raw<{ rows: LinkRow[] }>(
      `with claimed as (${claim.sql}),
       inserted as (
         insert into links.links (workspace_id, domain, slug, url, title, tags, expires_at, redirect_type, forward_query, preview, preview_host,
                                  rules, password_hash, max_clicks, public_qr)
         select ?, ?, ?, ?, ?, ?::text[], ?::timestamptz, ?::smallint, ?::boolean, ?::jsonb, ?, ?::jsonb, ?, ?::integer, ?::boolean from claimed
         on conflict do nothing
         returning *
       ),
       usage as (
         insert into links.workspace_usage as u (workspace_id, link_count) select workspace_id, 1 from inserted
         on conflict (workspace_id) do update set link_count = u.link_count + 1
         returning link_count, max_links
       ),
       notified as (select ${notice.sql} from inserted)
       select inserted.* from inserted, usage, notified
       where links.within_link_limit(usage.link_count, coalesce(usage.max_links, ?))`,
      [
        ...claim.bindings,
        row.workspace_id,
        row.domain,
        row.slug,
        row.url,
        row.title,
        row.tags,
        row.expires_at,
        row.redirect_type,
        row.forward_query,
        row.preview === null ? null : JSON.stringify(row.preview),
        row.preview_host,
        row.rules === null ? null : JSON.stringify(row.rules),
        row.password_hash,
        row.max_clicks,
        row.public_qr,
        ...notice.bindings,
        defaultMaxLinks,
      ],
    );
    return rows[0];
  }

  /** Removes links just inserted by this transaction (a bulk request's items past the workspace's limit). */
  async deleteByIds(workspaceId: string, ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.db('links.links').where({ workspace_id: workspaceId }).whereIn('id', ids).delete();
  }

  /**
   * Counts `count` links this transaction created; past the workspace's limit
   * (its own, else `defaultMaxLinks`) the statement fails, as createOne does
   * (linkLimitOf). The row lock serialises concurrent creates in one
   * workspace, so the limit cannot be raced past.
   */
  async countCreated(workspaceId: string, count: number, defaultMaxLinks: number): Promise<void> {
    await this.db.raw(`with usage as (${COUNT_SQL}) select links.within_link_limit(link_count, coalesce(max_links, ?)) from usage`, [
      workspaceId,
      count,
      defaultMaxLinks,
    ]);
  }

  /**
   * Counts `count` links this transaction created and returns how many of
   * them are past the workspace's limit (`max`: its own, else
   * `defaultMaxLinks`), for the caller to take back: at most `count`, as a
   * workspace already past a lowered limit keeps its links. Locks as
   * countCreated.
   */
  async countCreatedPastLimit(workspaceId: string, count: number, defaultMaxLinks: number): Promise<{ past: number; max: number }> {
    const { rows } = await this.db.raw<{ rows: { past: number; max: number }[] }>(
      `with usage as (${COUNT_SQL}), limited as (select link_count, coalesce(max_links, ?::integer) as max from usage)
       select least(links.links_past_limit(link_count, max), ?::integer) as past, max from limited`,
      [workspaceId, count, defaultMaxLinks, count],
    );
    return rows[0];
  }

  /** Takes `count` links off the workspace's count (deleted, or created and taken back). */
  async removeFromCount(workspaceId: string, count: number): Promise<void> {
    await this.db.raw(
      `insert into links.workspace_usage (workspace_id, link_count) values (?, 0)
       on conflict (workspace_id) do update set link_count = links.workspace_usage.link_count - ?`,
      [workspaceId, count],
    );
  }

  async setLimit(workspaceId: string, maxLinks: number | null): Promise<void> {
    await this.db.raw(
      `insert into links.workspace_usage (workspace_id, max_links) values (?, ?)
       on conflict (workspace_id) do update set max_links = excluded.max_links`,
      [workspaceId, maxLinks],
    );
  }

  async findById(workspaceId: string, id: string, forUpdate = false): Promise<LinkRow | undefined> {
    const query = this.db<LinkRow>('links.links').where({ workspace_id: workspaceId, id }).first();
    return forUpdate ? query.forUpdate() : query;
  }

  /** The workspace's links among these link keys (slugs/slug.ts linkKey), with their key and target. */
  async findByKeys(workspaceId: string, keys: readonly string[]): Promise<{ id: string; key: string; url: string }[]> {
    if (keys.length === 0) return [];
    const { rows } = await this.db.raw<{ rows: { id: string; key: string; url: string }[] }>(
      `select id, url, ${LINK_KEY_SQL} as key from links.links where workspace_id = ? and ${LINK_KEY_SQL} = any(?::text[])`,
      [workspaceId, [...keys]],
    );
    return rows;
  }

  /** The workspace's links pointing at one of these URLs (an import's rows without a slug); no index serves it, so it reads the workspace's links. */
  async findByUrls(workspaceId: string, urls: readonly string[]): Promise<{ id: string; url: string }[]> {
    if (urls.length === 0) return [];
    const { rows } = await this.db.raw<{ rows: { id: string; url: string }[] }>(
      'select id, url from links.links where workspace_id = ? and url = any(?::text[])',
      [workspaceId, [...urls]],
    );
    return rows;
  }

  async findByIds(workspaceId: string, ids: readonly string[]): Promise<LinkRow[]> {
    if (ids.length === 0) return [];
    return this.db<LinkRow>('links.links').where('workspace_id', workspaceId).whereIn('id', ids);
  }

  async list(workspaceId: string, filter: ListFilter): Promise<LinkRow[]> {
    const query = this.db<LinkRow>('links.links')
      .where('workspace_id', workspaceId)
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(filter.limit);
    if (filter.after) query.whereRaw('(created_at, id) < (?, ?)', [filter.after.createdAt, filter.after.id]);
    if (filter.tag !== undefined) query.whereRaw('tags @> array[?]::text[]', [filter.tag]);
    if (filter.domain !== undefined) query.where('domain', filter.domain);
    if (filter.q !== undefined) {
      const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.where((w) => {
        w.whereILike('url', pattern).orWhereILike('title', pattern).orWhereILike('slug', pattern);
      });
    }
    return query;
  }

  async update(workspaceId: string, id: string, changes: LinkChanges): Promise<LinkRow> {
    const [row] = await this.db<LinkRow>('links.links')
      .where({ workspace_id: workspaceId, id })
      .update({ ...changes, updated_at: this.db.raw("date_trunc('milliseconds', now())") as unknown as Date })
      .returning('*');
    return row;
  }

  /** The workspace's links whose preview waits for a page on `host`, oldest first, after the position `after` if given. */
  async pendingPreviews(
    workspaceId: string,
    host: string,
    limit: number,
    after?: { created_at: Date; id: string },
  ): Promise<{ id: string; url: string; created_at: Date }[]> {
    const query = this.db<LinkRow>('links.links')
      .where({ workspace_id: workspaceId, preview_host: host })
      .orderBy([{ column: 'created_at' }, { column: 'id' }])
      .limit(limit)
      .select('id', 'url', 'created_at');
    if (after) query.whereRaw('(created_at, id) > (?, ?)', [after.created_at, after.id]);
    return query;
  }

  /**
   * Up to `limit` (workspace, host) pairs with a preview pending, from any
   * workspace, in order, after the pair `after` if given (the sweep's
   * question; the pending-preview index answers it in that order).
   */
  async pendingPreviewHosts(limit: number, after?: PreviewPair): Promise<PreviewPair[]> {
    const query = this.db('links.links')
      .whereNotNull('preview_host')
      .distinct('workspace_id', 'preview_host')
      .orderBy([{ column: 'workspace_id' }, { column: 'preview_host' }])
      .limit(limit);
    if (after) query.whereRaw('(workspace_id, preview_host) > (?, ?)', [after.workspace_id, after.preview_host]);
    return query;
  }

  /**
   * Stores a fetched preview, no longer pending, if the link still points at
   * the `url` it was fetched from; false if it was deleted or its URL changed
   * meanwhile. Leaves `updated_at` alone: a preview is not an edit.
   */
  async storePreview(workspaceId: string, id: string, url: string, preview: LinkPreview): Promise<boolean> {
    const updated = await this.db<LinkRow>('links.links').where({ workspace_id: workspaceId, id, url }).update({ preview, preview_host: null });
    return updated > 0;
  }

  /** Back to "never fetched" for the previews pending on `host` (previews were turned off before the job ran). */
  async clearPendingPreviews(workspaceId: string, host: string): Promise<void> {
    await this.db<LinkRow>('links.links').where({ workspace_id: workspaceId, preview_host: host }).update({ preview: null, preview_host: null });
  }

  async delete(workspaceId: string, id: string): Promise<LinkRow | undefined> {
    const [row] = await this.db<LinkRow>('links.links').where({ workspace_id: workspaceId, id }).delete().returning('*');
    return row;
  }

  /** Every link of the workspace, oldest first: the export's query, run through a cursor. */
  exportQuery(workspaceId: string): SqlPart {
    return { sql: 'select * from links.links where workspace_id = ? order by created_at, id', bindings: [workspaceId] };
  }

  /** Every link key of the workspace (moving it to another shard). */
  async slugKeysOf(workspaceId: string): Promise<string[]> {
    const rows = await this.db('links.links')
      .where({ workspace_id: workspaceId })
      .select<{ key: string }[]>(this.db.raw(`${LINK_KEY_SQL} as key`));
    return rows.map((row) => row.key);
  }

  /** The public look-up behind `GET /:slug`; `key` is the link's key (linkKey: the host's domain and the lower-cased slug). */
  async findRedirectTarget(key: string): Promise<RedirectTarget | undefined> {
    const row = await this.db<LinkRow>('links.links')
      .whereRaw(`${LINK_KEY_SQL} = ?`, [key])
      .first(
        'id',
        'workspace_id',
        'domain',
        'slug',
        'url',
        'redirect_type',
        'forward_query',
        'expires_at',
        'updated_at',
        'rules',
        'password_hash',
        'max_clicks',
        'public_qr',
      );
    if (!row) return undefined;
    return new RedirectTarget({
      linkId: row.id,
      workspaceId: row.workspace_id,
      url: row.url,
      redirectType: row.redirect_type,
      forwardQuery: row.forward_query,
      expiresAt: row.expires_at ? row.expires_at.getTime() : null,
      rules: compileRules({
        url: row.url,
        rules: row.rules,
        passwordHash: row.password_hash,
        maxClicks: row.max_clicks,
        version: row.updated_at.getTime(),
      }),
      // The key's own string when they match (a default-domain slug in lower case): one copy fewer per cached link.
      slug: row.slug === key ? key : row.slug,
      domain: row.domain,
      publicQr: row.public_qr,
    });
  }

  /**
   * Grants up to a lease of a click-limited link's clicks (a sixteenth of what
   * is left, 1 to 50) and returns how many: 0 once the limit is reached, or
   * for a link that has none or is gone. The row lock orders concurrent claims.
   */
  async claimClicks(workspaceId: string, id: string): Promise<number> {
    const { rows } = await this.db.raw<{ rows: { granted: number }[] }>(
      `with lease as (
         select id, least(50, greatest(1, (max_clicks - clicks_claimed) / 16), max_clicks - clicks_claimed) as n
         from links.links where workspace_id = ? and id = ? and clicks_claimed < max_clicks for update
       )
       update links.links l set clicks_claimed = l.clicks_claimed + lease.n from lease where l.id = lease.id returning lease.n as granted`,
      [workspaceId, id],
    );
    return rows[0]?.granted ?? 0;
  }

  /** Takes back clicks granted by claimClicks and never served. */
  async giveBackClicks(workspaceId: string, id: string, count: number): Promise<void> {
    await this.db.raw('update links.links set clicks_claimed = greatest(0, clicks_claimed - ?) where workspace_id = ? and id = ?', [
      count,
      workspaceId,
      id,
    ]);
  }
}

import type { Knex } from 'knex';
import type { Cache, CacheRegistry } from '../../../shared/cache';
import type { SqlPart } from '../data/links-repository';

/** Owners of slugs by key, in main's instance, with SHARDS only (routing redirects); claims and releases evict them in every process. */
export const SLUG_OWNER_CACHE = 'links:slug-owners';

export interface SlugDirectoryOptions {
  /** This module's handle on its own database. */
  db: Knex;
  /** Main's handle, when these links live on another shard; undefined when they share main's database. */
  main: Knex | undefined;
  caches: CacheRegistry;
  /** With SHARDS: redirects are routed by `ownerOf`, whose answers main caches (`owners`, main's instance only). */
  sharded: boolean;
  owners: Cache<string> | undefined;
}

/**
 * Claims keys for a workspace: inserts the free ones and keeps those it holds
 * already (a no-op update, so they are returned); a key another workspace
 * holds is not returned. Keys in order, so concurrent claims lock them in the
 * same order. `added`: the key was free.
 */
const CLAIM_SQL = `insert into links.slug_directory as d (slug_key, workspace_id)
  select key, ? from unnest(?::text[]) as key order by key
  on conflict (slug_key) do update set workspace_id = excluded.workspace_id where d.workspace_id = excluded.workspace_id
  returning slug_key, (xmax = 0) as added`;

/**
 * The service-wide register of slugs (`links.slug_directory`, on the main
 * database): which workspace owns each link key (slugs/slug.ts linkKey: the
 * lower-cased slug, prefixed with its custom domain's hostname). It keeps slugs
 * unique across shards, and tells a redirect on which shard to look for a
 * slug it has not cached (docs/architecture/scaling.md#shards).
 *
 * On the main database the register changes in the write's own transaction,
 * so it and the links agree at every commit. A shard's links are in another
 * database: a claim commits on main first, and is released again if the
 * shard's write then fails; a slug freed by an update or a delete is released
 * after that write committed. So a slug is never served by two links, though a
 * crash between the two commits can leave a claim without its link — a slug
 * nobody else can take, which its workspace can still use (a claim of a key
 * the workspace already holds succeeds: the shard's own unique index then
 * decides, as the shard holds all of the workspace's links).
 */
export class SlugDirectory {
  constructor(private readonly options: SlugDirectoryOptions) {}

  /** The workspace owning the slug key, or undefined (cached with SHARDS, where redirects are routed by it). */
  ownerOf(key: string): Promise<string | undefined> {
    const { db, main, owners } = this.options;
    const load = async () => {
      const { rows } = await (main ?? db).raw<{ rows: { workspace_id: string }[] }>(
        'select workspace_id from links.slug_directory where slug_key = ?',
        [key],
      );
      return rows[0]?.workspace_id;
    };
    return owners ? owners.getOrLoad(key, load) : load();
  }

  /** Whether any link lives on the custom domain `hostname`: a key of the directory starts with `<hostname>/`. */
  async inUse(hostname: string): Promise<boolean> {
    const { db, main } = this.options;
    const { rows } = await (main ?? db).raw<{ rows: { used: boolean }[] }>(
      'select exists (select 1 from links.slug_directory where left(slug_key, ?) = ?) as used',
      [hostname.length + 1, `${hostname}/`],
    );
    return rows[0].used;
  }

  /**
   * Whether a write can claim within its own statement (claimStatement): not
   * with SHARDS, where a claim also evicts the owners redirects cached, nor on
   * a shard, where the register is on main, another database.
   */
  get claimsInStatement(): boolean {
    return !this.options.sharded && this.options.main === undefined;
  }

  /** The claim of `keys` for the workspace as a data-modifying CTE's statement returning `slug_key` for each key it holds then (as SlugLedger.claim). */
  claimStatement(workspaceId: string, keys: readonly string[]): SqlPart {
    if (!this.claimsInStatement) throw new Error('This slug register takes claims only in their own statement (see claimsInStatement)');
    return { sql: CLAIM_SQL, bindings: [workspaceId, [...keys]] };
  }

  /** The claims and releases of one write, whose transaction is `trx`. */
  ledger(workspaceId: string, trx: Knex): SlugLedger {
    const { main, caches, sharded } = this.options;
    // Cached owners are evicted through main's channel, where the cache is.
    const evict = sharded ? (db: Knex, keys: readonly string[]) => caches.invalidate(db, SLUG_OWNER_CACHE, [...keys]) : undefined;
    return new SlugLedger(workspaceId, trx, main, evict);
  }
}

export class SlugLedger {
  /** Keys this write added to the register (not ones its workspace held already): what a failed write gives back. */
  private readonly added: string[] = [];
  private readonly freed: string[] = [];

  constructor(
    private readonly workspaceId: string,
    private readonly trx: Knex,
    private readonly main: Knex | undefined,
    private readonly evict: ((db: Knex, keys: readonly string[]) => Promise<void>) | undefined,
  ) {}

  /**
   * Claims the keys for the workspace and returns those it holds now: free
   * ones, and ones it held already. A key another workspace holds is not
   * returned (the slug is taken).
   */
  async claim(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const { rows } = await (this.main ?? this.trx).raw<{ rows: { slug_key: string; added: boolean }[] }>(CLAIM_SQL, [this.workspaceId, [...keys]]);
    const added = rows.filter((row) => row.added).map((row) => row.slug_key);
    this.added.push(...added);
    // A new owner: "nobody" may be cached for the key.
    if (added.length > 0) await this.evict?.(this.main ?? this.trx, added);
    return new Set(rows.map((row) => row.slug_key));
  }

  /** Gives back keys the workspace no longer uses: in this transaction on main, after the commit on a shard. */
  async release(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    if (this.main === undefined) await this.releaseKeys(this.trx, keys);
    else this.freed.push(...keys);
  }

  /** After the write committed: releases what it freed (on a shard). */
  async committed(): Promise<void> {
    if (this.main !== undefined) await this.releaseKeys(this.main, this.freed);
  }

  /** After the write rolled back: gives back what it added (on a shard; on main the rollback did). */
  async rolledBack(): Promise<void> {
    if (this.main !== undefined) await this.releaseKeys(this.main, this.added);
  }

  private async releaseKeys(db: Knex, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await db.raw('delete from links.slug_directory where workspace_id = ? and slug_key = any(?::text[])', [this.workspaceId, [...keys]]);
    await this.evict?.(db, keys);
  }
}

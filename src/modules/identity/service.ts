import type { Cache, CacheRegistry } from '../../shared/cache';
import { Conflict, Forbidden, NotFound } from '../../shared/errors';
import { createEvent, type EventPublisher } from '../../shared/events';
import { isUuid } from '../../shared/http/validate';
import type { AccountService } from './accounts/account-service';
import type { IdentityRepository } from './data/identity-repository';
import { apiKeyCreated, apiKeyRevoked } from './events';
import { SCOPES, type Scope } from './scopes';
import { generateToken, hashToken, isToken } from './tokens';
import type { ApiKeySummary, CreatedApiKey, Placement, Principal, Workspace } from './types';

export const API_KEY_CACHE = 'identity:api-keys';
export const PLACEMENT_CACHE = 'identity:placements';

/** The identity use cases: workspaces, API keys, and resolving a key to a principal. */
export class IdentityService {
  constructor(
    private readonly repo: IdentityRepository,
    private readonly caches: CacheRegistry,
    /** Principals by key hash. Unknown keys are cached too: a random key cannot later become valid. */
    private readonly keyCache: Cache<Principal>,
    /** Workspaces' shards by id; a move evicts its workspace in every process. */
    private readonly placements: Cache<Placement>,
    /** The shards new workspaces may be placed on, main first (SHARDS). */
    private readonly shards: readonly string[],
    /** Sessions: the other credential `authenticate` accepts. */
    private readonly accounts: AccountService,
    private readonly events: EventPublisher,
  ) {}

  /** A new workspace and its bootstrap key, which carries every scope. */
  async createWorkspace(name: string): Promise<{ workspace: Workspace; apiKey: CreatedApiKey }> {
    return this.repo.transaction(async (repo) => {
      const workspace = await repo.insertWorkspace(name, await this.placeNew(repo));
      const apiKey = await this.insertKey(repo, workspace.id, 'bootstrap', SCOPES, null);
      return { workspace, apiKey };
    });
  }

  /**
   * The placement policy: a new workspace goes to the shard holding the fewest
   * workspaces, the first in SHARDS order (main first) on a tie. Counts, not
   * sizes: a shard that fills with large workspaces is relieved by moving
   * some (workspace:move), not by this rule.
   */
  private async placeNew(repo: IdentityRepository): Promise<string> {
    if (this.shards.length === 1) return this.shards[0];
    const counts = await repo.countByShard();
    return this.shards.reduce((best, shard) => ((counts.get(shard) ?? 0) < (counts.get(best) ?? 0) ? shard : best));
  }

  countByShard(): Promise<Map<string, number>> {
    return this.repo.countByShard();
  }

  /** Where the workspace's data lives, or undefined for an unknown workspace. */
  placementOf(workspaceId: string): Promise<Placement | undefined> {
    if (!isUuid(workspaceId)) return Promise.resolve(undefined);
    return this.placements.getOrLoad(workspaceId, () => this.repo.findPlacement(workspaceId));
  }

  /** Pauses the workspace's writes for a move; a Conflict if another move of it runs. */
  async beginMove(workspaceId: string): Promise<Placement> {
    return this.repo.transaction(async (repo) => {
      const placement = await repo.findPlacement(workspaceId);
      if (!placement) throw new NotFound(`Workspace ${workspaceId} does not exist`);
      if (!(await repo.markMoving(workspaceId)))
        throw new Conflict(`Workspace ${workspaceId} is being moved already (since ${placement.movingSince})`);
      await this.caches.invalidate(repo.db, PLACEMENT_CACHE, [workspaceId]);
      return placement;
    });
  }

  /** The workspace's data is on `shard` now (or still, after a failed move); its writes resume. */
  async endMove(workspaceId: string, shard: string): Promise<void> {
    await this.repo.transaction(async (repo) => {
      await repo.endMove(workspaceId, shard);
      await this.caches.invalidate(repo.db, PLACEMENT_CACHE, [workspaceId]);
    });
  }

  async getWorkspace(id: string): Promise<Workspace> {
    const workspace = await this.findWorkspace(id);
    if (!workspace) throw new NotFound(`Workspace ${id} does not exist`);
    return workspace;
  }

  findWorkspace(id: string): Promise<Workspace | undefined> {
    return this.repo.findWorkspace(id);
  }

  countWorkspaces(): Promise<number> {
    return this.repo.countWorkspaces();
  }

  /**
   * A caller can only hand out scopes it holds itself, so `keys:write` is not
   * a path to more power. A key made by a signed-in person records them.
   */
  async createApiKey(creator: Principal, name: string, scopes: readonly Scope[]): Promise<CreatedApiKey> {
    const missing = scopes.filter((scope) => !creator.scopes.includes(scope));
    if (missing.length > 0) {
      const who = creator.actor.kind === 'key' ? 'This key' : 'Your role';
      throw new Forbidden(`${who} cannot grant scopes it does not hold: ${missing.join(', ')}`);
    }
    return this.repo.transaction((repo) =>
      this.insertKey(repo, creator.workspaceId, name, scopes, creator.actor.kind === 'user' ? creator.actor.id : null),
    );
  }

  listApiKeys(workspaceId: string): Promise<ApiKeySummary[]> {
    return this.repo.listActiveApiKeys(workspaceId);
  }

  /**
   * The key stops working at once here, and in every other process when the
   * revocation commits. Like minting, revoking is bounded by the revoker's
   * scopes: a narrow key cannot take down a broader one.
   */
  async revokeApiKey(revoker: Principal, id: string): Promise<void> {
    const { workspaceId } = revoker;
    await this.repo.transaction(async (repo) => {
      const target = await repo.lockActiveApiKey(workspaceId, id);
      if (target === undefined) throw new NotFound(`API key ${id} does not exist`);
      const beyond = target.scopes.filter((scope) => !revoker.scopes.includes(scope));
      if (beyond.length > 0) {
        const who = revoker.actor.kind === 'key' ? 'This key' : 'Your role';
        throw new Forbidden(`${who} cannot revoke a key holding scopes it does not hold: ${beyond.join(', ')}`);
      }
      const revoked = await repo.revokeApiKey(workspaceId, id);
      if (revoked === undefined) throw new NotFound(`API key ${id} does not exist`);
      await this.caches.invalidate(repo.db, API_KEY_CACHE, [revoked.hash]);
      await this.events.publish(repo.db, createEvent(apiKeyRevoked, workspaceId, { apiKey: { id, name: revoked.name, prefix: revoked.prefix } }));
    });
  }

  /**
   * The principal behind a credential (an API key or a session token) if this
   * process already knows the answer without I/O: a Principal, `null` for a
   * known-bad one, `undefined` if it must ask the database (`authenticate`).
   * Lets the auth middleware stay synchronous when cached.
   */
  cachedPrincipal(token: string): Principal | null | undefined {
    if (isToken('apiKey', token)) return this.keyCache.peek(hashToken(token));
    if (isToken('session', token)) return this.accounts.cachedPrincipal(token);
    return null;
  }

  /**
   * The same answer as `authenticate`, read from the database, not this
   * process's cache: for another process that caches it itself, which must
   * not be handed an entry this process has not dropped yet after a revocation.
   */
  async lookupUncached(token: string): Promise<Principal | undefined> {
    if (isToken('apiKey', token)) return this.repo.findPrincipalByHash(hashToken(token));
    if (isToken('session', token)) return this.accounts.lookupUncached(token);
    return undefined;
  }

  /** A new key, in `repo`'s transaction with the event that names it (by prefix: the key itself is only in the answer). */
  private async insertKey(
    repo: IdentityRepository,
    workspaceId: string,
    name: string,
    scopes: readonly Scope[],
    createdBy: string | null,
  ): Promise<CreatedApiKey> {
    const generated = generateToken('apiKey');
    const summary = await repo.insertApiKey({ workspaceId, name, prefix: generated.prefix, hash: generated.hash, scopes, createdBy });
    const apiKey = { id: summary.id, name: summary.name, prefix: summary.prefix, scopes: summary.scopes };
    await this.events.publish(repo.db, createEvent(apiKeyCreated, workspaceId, { apiKey }));
    return { ...summary, key: generated.token };
  }

  /** The principal behind a presented credential, or undefined for an unknown, revoked or expired one. */
  async authenticate(token: string): Promise<Principal | undefined> {
    if (isToken('session', token)) return this.accounts.authenticate(token);
    if (!isToken('apiKey', token)) return undefined;
    const hash = hashToken(token);
    return this.keyCache.getOrLoad(hash, () => this.repo.findPrincipalByHash(hash));
  }
}

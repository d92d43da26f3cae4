import { Forbidden, NotFound } from '../../shared/http/errors';
import { generateApiKey, hashApiKey, looksLikeApiKey } from './api-key';
import type { KeyCache } from './key-cache';
import type { IdentityRepository } from './repository';
import { SCOPES, type Scope } from './scopes';
import type { ApiKeySummary, CreatedApiKey, Principal, Workspace } from './types';

/** The identity use cases: workspaces, API keys, and resolving a key to a principal. */
export class IdentityService {
  constructor(
    private readonly repo: IdentityRepository,
    private readonly keyCache: KeyCache,
  ) {}

  /** A new workspace and its bootstrap key, which carries every scope. */
  async createWorkspace(name: string): Promise<{ workspace: Workspace; apiKey: CreatedApiKey }> {
    return this.repo.transaction(async (repo) => {
      const workspace = await repo.insertWorkspace(name);
      const apiKey = await insertKey(repo, workspace.id, 'bootstrap', SCOPES);
      return { workspace, apiKey };
    });
  }

  async getWorkspace(id: string): Promise<Workspace> {
    const workspace = await this.repo.findWorkspace(id);
    if (!workspace) throw new NotFound(`Workspace ${id} does not exist`);
    return workspace;
  }

  countWorkspaces(): Promise<number> {
    return this.repo.countWorkspaces();
  }

  /** A key can only hand out scopes it holds itself, so `keys:write` is not a path to more power. */
  async createApiKey(creator: Principal, name: string, scopes: readonly Scope[]): Promise<CreatedApiKey> {
    const missing = scopes.filter((scope) => !creator.scopes.includes(scope));
    if (missing.length > 0) {
      throw new Forbidden(`This key cannot grant scopes it does not hold: ${missing.join(', ')}`);
    }
    return insertKey(this.repo, creator.workspaceId, name, scopes);
  }

  listApiKeys(workspaceId: string): Promise<ApiKeySummary[]> {
    return this.repo.listActiveApiKeys(workspaceId);
  }

  async revokeApiKey(workspaceId: string, id: string): Promise<void> {
    const hash = await this.repo.revokeApiKey(workspaceId, id);
    if (hash === undefined) throw new NotFound(`API key ${id} does not exist`);
    this.keyCache.delete(hash);
  }

  /** The principal behind a presented key, or undefined for an unknown or revoked key. */
  async authenticate(key: string): Promise<Principal | undefined> {
    if (!looksLikeApiKey(key)) return undefined;
    const hash = hashApiKey(key);
    const cached = this.keyCache.get(hash);
    if (cached !== undefined) return cached ?? undefined;
    const principal = await this.repo.findPrincipalByHash(hash);
    this.keyCache.set(hash, principal ?? null);
    return principal;
  }
}

async function insertKey(repo: IdentityRepository, workspaceId: string, name: string, scopes: readonly Scope[]): Promise<CreatedApiKey> {
  const generated = generateApiKey();
  const summary = await repo.insertApiKey({ workspaceId, name, prefix: generated.prefix, hash: generated.hash, scopes });
  return { ...summary, key: generated.key };
}

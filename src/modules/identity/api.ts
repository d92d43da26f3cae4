import type { CreatedApiKey, Placement, Principal, Workspace } from './types';

/** What other modules, the CLI and the composition root may use of identity. */
export interface IdentityApi {
  /** Authentication: the principal (workspace, key, scopes) of a valid API key; undefined for any other. */
  authenticate(key: string): Promise<Principal | undefined>;
  /** The same answer without I/O when this process knows it: `null` for a key known bad, `undefined` when it must ask. */
  cachedPrincipal(key: string): Principal | null | undefined;
  createWorkspace(name: string): Promise<{ workspace: Workspace; apiKey: CreatedApiKey }>;
  countWorkspaces(): Promise<number>;
  /** The workspace, or undefined if there is none with this id. */
  findWorkspace(id: string): Promise<Workspace | undefined>;
  /** Workspaces per shard name (shards holding none are absent). */
  countByShard(): Promise<Map<string, number>>;
  /** The workspace directory: which shard holds the workspace's data (cached; undefined for an unknown workspace). */
  placementOf(workspaceId: string): Promise<Placement | undefined>;
  /** Pauses the workspace's writes for a move between shards and returns where it is (a 409 problem if a move runs). */
  beginMove(workspaceId: string): Promise<Placement>;
  /** Records where the workspace's data is after a move (or still is, after a failed one) and resumes its writes. */
  endMove(workspaceId: string, shard: string): Promise<void>;
}

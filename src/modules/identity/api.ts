import type { Role } from './roles';
import type { CreatedApiKey, Placement, Principal, User, Workspace } from './types';

/** What other modules, the CLI and the composition root may use of identity. */
export interface IdentityApi {
  /** Authentication: the principal (workspace, scopes, actor) of a valid API key or session token; undefined for any other. */
  authenticate(token: string): Promise<Principal | undefined>;
  /** The same answer without I/O when this process knows it: `null` for a token known bad, `undefined` when it must ask. */
  cachedPrincipal(token: string): Principal | null | undefined;
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
  /** An account (CLI, `npm run dev`); with `workspaceId`, a member of it with `role` (default owner). A 409 problem if the email has one. */
  createUser(input: { email: string; name: string; password: string; workspaceId?: string; role?: Role }): Promise<User>;
  /** Sets an account's password without the old one (CLI), ending its sessions. */
  setPassword(email: string, password: string): Promise<User>;
  /** Where identity asks whether a request's host may start a session; the composition root connects domains' answer. */
  connectSessionOrigin(check: (host: string) => Promise<boolean>): void;
  /** Records where the workspace's data is after a move (or still is, after a failed one) and resumes its writes. */
  endMove(workspaceId: string, shard: string): Promise<void>;
}

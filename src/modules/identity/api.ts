import type { Request, RequestHandler, Response } from 'express';
import type { Scope } from './scopes';
import type { CreatedApiKey, Placement, Principal, Workspace } from './types';

/** What other modules, the CLI and the composition root may use of identity. */
export interface IdentityApi {
  /**
   * Middleware: authenticates the request's API key and requires `scope`
   * (`null`: any valid key). Fails with 401/403 problems.
   */
  requireScope(scope: Scope | null): RequestHandler;
  /** The caller's principal on a route guarded by `requireScope`. */
  principalOf(res: Response): Principal;
  createWorkspace(name: string): Promise<{ workspace: Workspace; apiKey: CreatedApiKey }>;
  countWorkspaces(): Promise<number>;
  /** The workspace, or undefined if there is none with this id. */
  findWorkspace(id: string): Promise<Workspace | undefined>;
  /** Workspaces per shard name (shards holding none are absent). */
  countByShard(): Promise<Map<string, number>>;
  /** The workspace directory: which shard holds the workspace's data (cached; undefined for an unknown workspace). */
  placementOf(workspaceId: string): Promise<Placement | undefined>;
  /** The workspace whose valid API key the request carries, if any (no scope check, no error: for routing). */
  workspaceOfRequest(req: Request): Promise<string | undefined>;
  /** Pauses the workspace's writes for a move between shards and returns where it is (a 409 problem if a move runs). */
  beginMove(workspaceId: string): Promise<Placement>;
  /** Records where the workspace's data is after a move (or still is, after a failed one) and resumes its writes. */
  endMove(workspaceId: string, shard: string): Promise<void>;
}

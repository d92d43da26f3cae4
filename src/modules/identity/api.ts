import type { RequestHandler, Response } from 'express';
import type { Scope } from './scopes';
import type { CreatedApiKey, Principal, Workspace } from './types';

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
}

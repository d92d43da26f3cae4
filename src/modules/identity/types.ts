import type { Scope } from './scopes';

export interface Workspace {
  id: string;
  name: string;
  createdAt: string;
}

/** An API key as listed: never the secret. */
export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: string;
}

/** Returned once, at creation: the only time the secret `key` is visible. */
export interface CreatedApiKey extends ApiKeySummary {
  key: string;
}

/** Who is calling: resolved from the API key on every authenticated request. */
export interface Principal {
  workspaceId: string;
  keyId: string;
  keyPrefix: string;
  scopes: readonly Scope[];
}

/**
 * Where a workspace's data lives (the workspace directory): the shard's name
 * ("main" for DATABASE_URL) and, while `workspace:move` runs, since when its
 * writes are paused.
 */
export interface Placement {
  shard: string;
  movingSince: string | null;
}

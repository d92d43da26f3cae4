import type { z } from 'zod';
import type { apiKeySchema, createdApiKeySchema, principalSchema, workspaceSchema } from './http/schemas';

// What the API answers about workspaces, keys and callers: the types of its response schemas (http/schemas.ts).

/** A tenant: its links, stats, webhooks and API keys are its own. */
export type Workspace = z.infer<typeof workspaceSchema>;

/** An API key as listed: never the secret. */
export type ApiKeySummary = z.infer<typeof apiKeySchema>;

/** Returned once, at creation: the only time the secret `key` is visible. */
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

/** Who is calling: resolved from the API key on every authenticated request. */
export type Principal = z.infer<typeof principalSchema>;

/**
 * Where a workspace's data lives (the workspace directory): the shard's name
 * ("main" for DATABASE_URL) and, while `workspace:move` runs, since when its
 * writes are paused.
 */
export interface Placement {
  shard: string;
  movingSince: string | null;
}

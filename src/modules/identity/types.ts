import type { z } from 'zod';
import type { apiKeySchema, createdApiKeySchema, principalSchema, workspaceSchema } from './http/schemas';
import type {
  createdInvitationSchema,
  invitationPreviewSchema,
  invitationSchema,
  memberSchema,
  membershipSchema,
  sessionSchema,
  userSchema,
} from './http/account-schemas';

// What the API answers about workspaces, keys and callers: the types of its response schemas (http/schemas.ts).

/** A tenant: its links, stats, webhooks and API keys are its own. */
export type Workspace = z.infer<typeof workspaceSchema>;

/** An API key as listed: never the secret. */
export type ApiKeySummary = z.infer<typeof apiKeySchema>;

/** Returned once, at creation: the only time the secret `key` is visible. */
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

/** Who is calling: resolved from the API key or session on every authenticated request. */
export type Principal = z.infer<typeof principalSchema>;

/** A person with an account (never their password hash). */
export type User = z.infer<typeof userSchema>;

/** A workspace a person belongs to, with their role there. */
export type Membership = z.infer<typeof membershipSchema>;

/** A person as the workspace's member list shows them. */
export type Member = z.infer<typeof memberSchema>;

/** A signed-in session as its owner sees it. */
export type SessionView = z.infer<typeof sessionSchema>;

export type Invitation = z.infer<typeof invitationSchema>;
export type CreatedInvitation = z.infer<typeof createdInvitationSchema>;
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>;

/**
 * Where a workspace's data lives (the workspace directory): the shard's name
 * ("main" for DATABASE_URL) and, while `workspace:move` runs, since when its
 * writes are paused.
 */
export interface Placement {
  shard: string;
  movingSince: string | null;
}

/** Every permission an API key can carry. A bootstrap key has them all. */
export const SCOPES = [
  'links:read',
  'links:write',
  'domains:read',
  'domains:write',
  'analytics:read',
  'webhooks:read',
  'webhooks:write',
  'keys:write',
] as const;

export type Scope = (typeof SCOPES)[number];

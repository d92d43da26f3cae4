/** Every permission a caller can hold. A bootstrap key, an owner and an admin hold them all. */
export const SCOPES = [
  'links:read',
  'links:write',
  'domains:read',
  'domains:write',
  'analytics:read',
  'webhooks:read',
  'webhooks:write',
  'keys:write',
  'members:read',
  'members:write',
  'audit:read',
] as const;

export type Scope = (typeof SCOPES)[number];

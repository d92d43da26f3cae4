/** The identity module's public door: everything other code may use of it. */
export { identityModule } from './module';
export type { IdentityApi } from './api';
export type { IdentitySettings } from './settings';
export type { Scope } from './scopes';
export type { Role } from './roles';
export type { Placement, Principal, Workspace, CreatedApiKey, User } from './types';
export { remoteIdentity, type RemoteIdentityApi } from './remote';
/** Who did something, as the API shows them (the OpenAPI document's `Actor`). */
export { actorSchema } from './http/schemas';
export { apiKeyCreated, apiKeyRevoked, invitationCreated, invitationRevoked, memberAdded, memberRemoved, memberRoleChanged } from './events';

import type { components } from '../../../docs/api/openapi';

/**
 * TEMPORARY: the session, members, invitations and audit endpoints as their
 * contract names them, until the backend that serves them is merged and
 * `npm run docs:api-types` generates them into docs/api/openapi.d.ts. Then
 * this file is deleted and the compiler checks the dashboard against the
 * real document.
 */

type Json<T> = { content: { 'application/json': T } };
type NoContent = { content?: never };
type Op<B, R> = { parameters: { query?: never; path?: Record<string, string> }; requestBody: B extends undefined ? never : Json<B>; responses: R };
type QueryOp<Q, R> = { parameters: { query?: Q }; requestBody?: never; responses: R };

type Role = 'owner' | 'admin' | 'member' | 'viewer';
type User = { id: string; email: string; name: string };
type Session = {
  user: User;
  workspace: components['schemas']['Workspace'];
  role: Role;
  scopes: string[];
  memberships: { workspace: { id: string; name: string }; role: Role }[];
  csrfToken: string;
};
type Invitation = { id: string; email: string | null; role: Role; createdAt: string; expiresAt: string };
type AuditEntry = {
  id: string;
  at: string;
  actor: { kind: 'user' | 'key'; id: string; label: string };
  action: string;
  target: { type: string; id: string; label: string };
};

declare module '../../../docs/api/openapi' {
  interface paths {
    '/v1/session': {
      get: Op<undefined, { 200: Json<Session> }>;
      post: Op<{ email: string; password: string }, { 200: Json<Session> }>;
      delete: Op<undefined, { 204: NoContent }>;
    };
    '/v1/sessions': { delete: Op<undefined, { 204: NoContent }> };
    '/v1/session/workspace': { post: Op<{ workspaceId: string }, { 200: Json<Session> }> };
    '/v1/account/password': { put: Op<{ currentPassword: string; newPassword: string }, { 204: NoContent }> };
    '/v1/members': { get: Op<undefined, { 200: Json<{ data: { user: User; role: Role; joinedAt: string }[] }> }> };
    '/v1/members/{userId}': {
      patch: Op<{ role: Role }, { 200: Json<{ user: User; role: Role; joinedAt: string }> }>;
      delete: Op<undefined, { 204: NoContent }>;
    };
    '/v1/invitations': {
      get: Op<undefined, { 200: Json<{ data: Invitation[] }> }>;
      post: Op<{ role: Role; email?: string }, { 201: Json<Invitation & { token: string; url: string }> }>;
    };
    '/v1/invitations/{id}': { delete: Op<undefined, { 204: NoContent }> };
    '/v1/invitations/preview': {
      post: Op<{ token: string }, { 200: Json<{ workspace: { name: string }; role: Role; email: string | null; expiresAt: string }> }>;
    };
    '/v1/invitations/accept': { post: Op<{ token: string; name: string; email: string; password: string }, { 200: Json<Session> }> };
    '/v1/audit': { get: QueryOp<{ limit?: number; cursor?: string }, { 200: Json<{ data: AuditEntry[]; nextCursor: string | null }> }> };
  }
}

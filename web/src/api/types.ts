import type { Answer, Schemas } from './client';

/** The API's shapes the pages name, each an alias of the generated types: never a copy. */
export type Session = Answer<'/v1/session', 'get'>;
export type Role = Session['role'];
export type Link = Schemas['Link'];
export type CreateLink = Schemas['CreateLink'];
export type TargetingRule = Schemas['TargetingRule'];
export type Domain = Schemas['Domain'];
export type ApiKey = Schemas['ApiKey'];
export type Scope = ApiKey['scopes'][number];
export type Webhook = Schemas['Webhook'];
export type WebhookEvent = Webhook['events'][number];
export type Delivery = Schemas['Delivery'];
export type SeriesStats = Schemas['SeriesStats'];
export type WorkspaceStats = Schemas['WorkspaceStats'];
export type BreakdownStats = Schemas['BreakdownStats'];
export type Dimension = BreakdownStats['by'];
export type Member = Answer<'/v1/members', 'get'>['data'][number];
export type Invitation = Answer<'/v1/invitations', 'get'>['data'][number];
export type AuditEntry = Schemas['AuditEntry'];
export type AuditAction = AuditEntry['action'];

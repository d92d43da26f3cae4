/** The audit module's public door: everything other code may use of it. */
export { auditModule, type AuditDeps } from './module';
export type { AuditApi } from './api';
export type { AuditSettings } from './settings';
export type { AuditEntry } from './types';

/** The domains module's public door: everything other code may use of it. */
export { domainsModule } from './module';
export type { DomainsApi } from './api';
export type { DomainsSettings } from './settings';
export type { Domain, DomainHost, DomainUsage, HostResolution } from './types';
export { domainCreated, domainDeleted, domainUpdated, domainVerified } from './events';

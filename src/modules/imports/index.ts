/** The imports module's public door: everything other code may use of it. */
export { importsModule, type ImportsDeps } from './module';
export type { ImportsApi } from './api';
export type { ImportsSettings } from './settings';

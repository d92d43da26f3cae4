/** The analytics module's public door: everything other code may use of it. */
export { analyticsModule, type AnalyticsDeps } from './module';
export type { AnalyticsApi } from './api';
export type { AnalyticsSettings } from './settings';
export { linkClicked } from './events';
export { remoteAnalytics } from './remote';

/**
 * IP geolocation from a local MaxMind-format database (the platform's: no
 * module's words). Built once per process by the composition root and handed
 * to the modules in their context (ModuleContext.geo).
 */
export { createGeolocator, type Geolocator } from './geolocator';
export type { Location } from './records';
export { locationOf } from './records';
export { countryFromHeader } from './country-header';
export { geolocationSettings, type GeoDatabaseSetting } from './settings';
export { openGeoDatabase, shippedDatabasePath, SHIPPED_PACKAGE, type GeoDatabase } from './database';

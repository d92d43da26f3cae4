import { z } from 'zod';
import { defineSettings, variable } from '../config/settings';
import { openGeoDatabase, SHIPPED_PACKAGE } from './database';

/** Which database locates addresses: the one shipped through npm, a file, or none. */
export type GeoDatabaseSetting = { source: 'shipped' } | { source: 'file'; path: string } | { source: 'off' };

/**
 * A file is opened here once to check it, so that a wrong path or a file that
 * is no database is reported with every other invalid setting before anything
 * starts; the composition root opens it again to use it (a few milliseconds).
 */
const databaseFile = z
  .string()
  .min(1)
  .superRefine((value, ctx) => {
    if (value === 'off') return;
    try {
      openGeoDatabase(value);
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `must be off or the path of a MaxMind-format (.mmdb) database; this file ${(error as Error).message}`,
      });
    }
  });

export const geolocationSettings = defineSettings({
  title: 'Geolocation',
  variables: {
    GEOIP_DB: variable(databaseFile.optional(), {
      example: '/var/lib/geoip/GeoLite2-City.mmdb',
      doc: `Where clicks' countries (and cities) come from when \`CLICK_COUNTRY_HEADER\` gives none: the path of a MaxMind-format \`.mmdb\` file — GeoLite2/GeoIP2 Country or City, DB-IP Lite Country or City, or ip-location-db's — or \`off\`. Unset: DB-IP's IP to Country Lite shipped in \`${SHIPPED_PACKAGE}\` (countries only, as fresh as the installed package; CC BY 4.0, see NOTICE). Read at start; a missing or unreadable file stops start-up. Addresses are looked up when clicks are written, never on the redirect, and are not stored.`,
    }),
  },
  build: (e): { database: GeoDatabaseSetting } => ({
    database: e.GEOIP_DB === undefined ? { source: 'shipped' } : e.GEOIP_DB === 'off' ? { source: 'off' } : { source: 'file', path: e.GEOIP_DB },
  }),
});

import { z } from 'zod';
import { defineSettings, integer, onOff, variable } from '../../shared/config';
import { policySetting } from '../../shared/ratelimit';

export const linksSettings = defineSettings({
  title: 'Links',
  variables: {
    LINKS_MAX_PER_WORKSPACE: variable(integer(1, 100_000_000), {
      default: '10000',
      doc: 'Maximum number of links per workspace, unless set per workspace with `npm run cli -- links:limit <workspace id> <n|default>`.',
    }),
    CLICK_COUNTRY_HEADER: variable(
      z
        .string()
        .regex(/^[A-Za-z0-9-]+$/, 'must be an HTTP header name such as CF-IPCountry')
        .optional(),
      {
        example: 'CF-IPCountry',
        doc: "Request header with the visitor's country, set by a CDN or proxy; where present it wins over the geolocation database (`GEOIP_DB`). Its first 8 characters go into each click. Analytics keeps a two-character code (a letter, then a letter or digit), upper-cased; `XX` and anything else count as unknown, and the database answers. Unset: countries come from `GEOIP_DB` alone. Set it only behind a proxy that sets this header on every request: clients can send it too.",
      },
    ),
    LINK_PREVIEWS: variable(onOff, {
      default: 'on',
      doc: '`on`: fetch the target page of every new or re-pointed link in a background job for its title, description and image; `off`: fetch nothing, and the API shows `preview: null`. A worker process with `off` calls nothing out for jobs queued while it was `on`.',
    }),
    LINK_PREVIEW_TIMEOUT_MS: variable(integer(100, 60_000), {
      default: '5000',
      doc: "How long one preview fetch may take, all redirects included; the outbound client's own timeout caps it too.",
    }),
    LINK_PASSWORD_REMEMBER_S: variable(integer(60, 30 * 86_400), {
      default: '3600',
      doc: "How long, in seconds, a browser that entered a link's right password may follow that link without entering it again (a cookie for the link's path; a new password voids it).",
    }),
    RATE_LIMIT_LINK_UNLOCK: variable(policySetting, {
      default: '20/1m',
      doc: "Answers to password-protected links' forms (`POST /{slug}/unlock`) per client address, whatever the link, as `<requests>/<window>` or `off`: past it a `429` comes before any password is checked. Wrong passwords also lock an address out of one link for a while, whatever this says.",
    }),
    RATE_LIMIT_UNKNOWN_SLUGS: variable(policySetting, {
      default: '120/1m',
      doc: 'Short URLs that turn out to have no link, or to name a host that is no domain of this service, per client address, as `<requests>/<window>` or `off`: past it the address gets `429` instead of a database look-up until the window ends. Only look-ups count: redirects of known links are never limited, and a slug or host already remembered as unknown costs nothing.',
    }),
  },
  build: (e) => ({
    maxPerWorkspace: e.LINKS_MAX_PER_WORKSPACE,
    countryHeader: e.CLICK_COUNTRY_HEADER?.toLowerCase(),
    previews: e.LINK_PREVIEWS,
    previewTimeoutMs: e.LINK_PREVIEW_TIMEOUT_MS,
    passwordRememberSeconds: e.LINK_PASSWORD_REMEMBER_S,
    unlockRateLimit: e.RATE_LIMIT_LINK_UNLOCK,
    unknownSlugRateLimit: e.RATE_LIMIT_UNKNOWN_SLUGS,
  }),
});

export type LinksSettings = ReturnType<typeof linksSettings.read>;

import { z } from 'zod';
import { defineSettings, integer, optionalSecret, variable } from '../../shared/config';
import { policySetting } from '../../shared/ratelimit';

const smtpUrl = z
  .url({ protocol: /^smtps?$/, message: 'must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example.com:587' })
  .optional()
  .or(z.literal('').transform(() => undefined));

export const identitySettings = defineSettings({
  title: 'Identity: workspaces, people and API keys',
  variables: {
    ADMIN_TOKEN: variable(optionalSecret, {
      secret: true,
      doc: 'Enables `POST /v1/workspaces`. Unset or empty: the admin API is off.',
    }),
    API_KEY_CACHE_TTL_S: variable(integer(0, 3600), {
      default: '60',
      doc: 'Seconds a known API key or session stays fresh in its cache (`identity:api-keys`, `identity:sessions`), plus up to 10% (0 turns these caches off). Revocations and sign-outs reach every process at once regardless.',
    }),
    SESSION_LIFETIME_S: variable(integer(300, 90 * 86_400), {
      default: '1209600',
      doc: 'Seconds a sign-in lasts (14 days by default); then the person signs in again. A password change ends every other session at once.',
    }),
    INVITATION_LIFETIME_S: variable(integer(300, 30 * 86_400), {
      default: '604800',
      doc: 'Seconds an invitation link can be accepted (7 days by default). A password reset link lasts an hour.',
    }),
    SMTP_URL: variable(smtpUrl, {
      secret: true,
      doc: 'Mail server for invitations and password resets (`smtp://user:password@host:587`, `smtps://…:465`). Unset: nothing is mailed; invitation links are handed over by hand and passwords are reset with `npm run cli -- user:password`.',
    }),
    SMTP_FROM: variable(z.string().min(3), {
      default: 'Shortline <shortline@localhost>',
      doc: "The From address of Shortline's mail.",
    }),
    RATE_LIMIT_SIGN_IN: variable(policySetting, {
      default: '30/1m',
      doc: 'Sign-in attempts (`POST /v1/session`), right or wrong, per client address, as `<requests>/<window>` or `off`: past it a `429` comes before any password is hashed. Failed sign-ins are also locked out per account and per address, in the database, whatever this says.',
    }),
    RATE_LIMIT_PASSWORD_RESETS: variable(policySetting, {
      default: '5/1h',
      doc: 'Password-reset requests (`POST /v1/password-resets`) per client address, as `<requests>/<window>` or `off`: each may send a mail, so past it a `429` comes before anything is looked up or mailed.',
    }),
  },
  build: (e) => ({
    adminToken: e.ADMIN_TOKEN,
    apiKeyCacheTtlSeconds: e.API_KEY_CACHE_TTL_S,
    sessionLifetimeSeconds: e.SESSION_LIFETIME_S,
    invitationLifetimeSeconds: e.INVITATION_LIFETIME_S,
    smtp: e.SMTP_URL === undefined ? undefined : { url: e.SMTP_URL, from: e.SMTP_FROM },
    signInRateLimit: e.RATE_LIMIT_SIGN_IN,
    passwordResetRateLimit: e.RATE_LIMIT_PASSWORD_RESETS,
  }),
});

export type IdentitySettings = ReturnType<typeof identitySettings.read>;

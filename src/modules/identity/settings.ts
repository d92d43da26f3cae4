import { defineSettings, integer, optionalSecret, variable } from '../../shared/config';

export const identitySettings = defineSettings({
  title: 'Identity: workspaces and API keys',
  variables: {
    ADMIN_TOKEN: variable(optionalSecret, {
      secret: true,
      doc: 'Enables `POST /v1/workspaces`. Unset or empty: the admin API is off.',
    }),
    API_KEY_CACHE_TTL_S: variable(integer(0, 3600), {
      default: '60',
      doc: 'Seconds a known API key stays fresh in the key cache `identity:api-keys`, plus up to 10% (0 turns the key cache off).',
    }),
  },
  build: (e) => ({ adminToken: e.ADMIN_TOKEN, apiKeyCacheTtlSeconds: e.API_KEY_CACHE_TTL_S }),
});

export type IdentitySettings = ReturnType<typeof identitySettings.read>;

import type { Migration } from '../../src/shared/db/migrations';

/**
 * The domains scopes arrived after the first keys were made. A key that
 * holds every scope there was (a workspace's bootstrap key, or one made as
 * powerful) gets them too, so a bootstrap key still holds every scope and a
 * workspace can mint keys for its domains; narrower keys stay as they are.
 */
export const domainScopes: Migration = {
  name: '003_domain_scopes',
  async up(knex) {
    await knex.raw(`
      update identity.api_keys set scopes = scopes || '{domains:read,domains:write}'::text[]
      where scopes @> '{links:read,links:write,analytics:read,webhooks:read,webhooks:write,keys:write}'::text[]
        and not scopes @> '{domains:read}'::text[]
    `);
  },
  async down(knex) {
    await knex.raw("update identity.api_keys set scopes = array_remove(array_remove(scopes, 'domains:read'), 'domains:write')");
  },
};

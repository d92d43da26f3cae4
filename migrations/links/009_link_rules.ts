import type { Migration } from '../../src/shared/db/migrations';

export const linkRules: Migration = {
  name: '009_link_rules',
  async up(knex) {
    // rules: targeting, A/B variants, UTM and the social preview, as the API
    // shows them (src/modules/links/rules/link-rules.ts); null for none.
    // password_hash: scrypt (rules/password.ts). clicks_claimed: the clicks
    // granted to serving processes against max_clicks (rules/click-allowance.ts).
    await knex.raw(`alter table links.links
      add column rules jsonb,
      add column password_hash text,
      add column max_clicks integer check (max_clicks > 0),
      add column clicks_claimed integer not null default 0 check (clicks_claimed >= 0)`);
  },
  async down(knex) {
    await knex.raw('alter table links.links drop column rules, drop column password_hash, drop column max_clicks, drop column clicks_claimed');
  },
};

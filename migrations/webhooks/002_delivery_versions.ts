import type { Migration } from '../../src/shared/db/migrations';

export const deliveryVersions: Migration = {
  name: '002_delivery_versions',
  async up(knex) {
    await knex.raw(`
      -- Bumped by every redelivery: an attempt records its outcome only if the
      -- delivery is still the one it read (attempts alone repeat after a reset).
      alter table webhooks.deliveries add column generation integer not null default 0;
      -- Times in a row the delivery was put off because its host had calls enough
      -- in flight: each deferral waits twice as long as the last. Reset by an attempt.
      alter table webhooks.deliveries add column deferrals integer not null default 0;
    `);
  },
  async down(knex) {
    await knex.raw('alter table webhooks.deliveries drop column deferrals, drop column generation');
  },
};

import type { Migration } from '../../src/shared/db/migrations';

/**
 * Every key and reference led by `workspace_id`: a distributed PostgreSQL
 * (Citus) enforces keys and foreign keys only within one shard, so they must
 * include the column it distributes by (docs/SCALING.md#shards).
 */
export const workspaceKeys: Migration = {
  name: '003_workspace_keys',
  async up(knex) {
    await knex.raw(`
      alter table webhooks.deliveries drop constraint deliveries_endpoint_id_fkey;
      alter table webhooks.pending_clicks drop constraint pending_clicks_endpoint_id_fkey;
      alter table webhooks.endpoints drop constraint endpoints_pkey, add primary key (workspace_id, id);
      alter table webhooks.deliveries
        drop constraint deliveries_pkey, add primary key (workspace_id, id),
        drop constraint deliveries_endpoint_id_event_id_key, add unique (workspace_id, endpoint_id, event_id),
        add foreign key (workspace_id, endpoint_id) references webhooks.endpoints (workspace_id, id) on delete cascade;
      alter table webhooks.pending_clicks
        drop constraint pending_clicks_pkey, add primary key (workspace_id, endpoint_id, seq),
        add foreign key (workspace_id, endpoint_id) references webhooks.endpoints (workspace_id, id) on delete cascade;
    `);
  },
  async down(knex) {
    await knex.raw(`
      alter table webhooks.pending_clicks drop constraint pending_clicks_workspace_id_endpoint_id_fkey;
      alter table webhooks.deliveries drop constraint deliveries_workspace_id_endpoint_id_fkey;
      alter table webhooks.pending_clicks drop constraint pending_clicks_pkey, add primary key (endpoint_id, seq);
      alter table webhooks.deliveries
        drop constraint deliveries_workspace_id_endpoint_id_event_id_key, add unique (endpoint_id, event_id),
        drop constraint deliveries_pkey, add primary key (id);
      alter table webhooks.endpoints drop constraint endpoints_pkey, add primary key (id);
      alter table webhooks.deliveries add foreign key (endpoint_id) references webhooks.endpoints (id) on delete cascade;
      alter table webhooks.pending_clicks add foreign key (endpoint_id) references webhooks.endpoints (id) on delete cascade;
    `);
  },
};

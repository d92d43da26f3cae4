import type { Migration } from '../../src/shared/db/migrations';

export const webhooks: Migration = {
  name: '001_webhooks',
  async up(knex) {
    await knex.raw(`
      create table webhooks.endpoints (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null,
        url text not null,
        events text[] not null,
        description text,
        -- Kept as is: every delivery is signed with it (HMAC), so it cannot be hashed.
        secret text not null,
        enabled boolean not null default true,
        disabled_reason text,
        disabled_at timestamptz,
        -- Failed attempts in a row over all deliveries; reset by any success.
        consecutive_failures integer not null default 0,
        created_at timestamptz not null default date_trunc('milliseconds', now()),
        updated_at timestamptz not null default date_trunc('milliseconds', now())
      );
      create index endpoints_workspace_idx on webhooks.endpoints (workspace_id, created_at, id);

      -- One row per (endpoint, event) — or per batch of clicks, or per test ping —
      -- holding the exact body sent, so every retry and redelivery sends the same bytes.
      create table webhooks.deliveries (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null,
        endpoint_id uuid not null references webhooks.endpoints (id) on delete cascade,
        event_id uuid not null,
        event_type text not null,
        body text not null,
        status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
        attempts integer not null default 0,
        last_status_code integer,
        last_error text,
        last_latency_ms integer,
        next_attempt_at timestamptz,
        created_at timestamptz not null default date_trunc('milliseconds', now()),
        updated_at timestamptz not null default now(),
        delivered_at timestamptz,
        unique (endpoint_id, event_id)
      );
      -- The delivery log: newest first per endpoint.
      create index deliveries_endpoint_page_idx on webhooks.deliveries (endpoint_id, created_at desc, id desc);
      -- Pruning finished deliveries by age.
      create index deliveries_finished_idx on webhooks.deliveries (updated_at) where status <> 'pending';

      -- Clicks waiting to be sent to an endpoint in a batch.
      create table webhooks.pending_clicks (
        endpoint_id uuid not null references webhooks.endpoints (id) on delete cascade,
        seq bigint generated always as identity,
        workspace_id uuid not null,
        event_id uuid not null,
        click jsonb not null,
        primary key (endpoint_id, seq)
      );
    `);
  },
  async down(knex) {
    await knex.raw('drop table webhooks.pending_clicks; drop table webhooks.deliveries; drop table webhooks.endpoints;');
  },
};

import type { Migration } from '../../src/shared/db/migrations';

export const workspacesAndApiKeys: Migration = {
  name: '001_workspaces_and_api_keys',
  async up(knex) {
    await knex.raw(`
      create table identity.workspaces (
        id uuid primary key default gen_random_uuid(),
        name text not null,
        created_at timestamptz not null default now()
      );
      create table identity.api_keys (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references identity.workspaces (id) on delete cascade,
        name text not null,
        prefix text not null,
        -- sha256 of the whole key: keys are 192 random bits, so a fast hash is enough
        -- and lets authentication look a key up by index.
        key_hash text not null unique,
        scopes text[] not null,
        created_at timestamptz not null default now(),
        revoked_at timestamptz
      );
      create index api_keys_workspace_idx on identity.api_keys (workspace_id, created_at, id);
    `);
  },
  async down(knex) {
    await knex.raw('drop table identity.api_keys; drop table identity.workspaces;');
  },
};

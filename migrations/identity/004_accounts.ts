import type { Migration } from '../../src/shared/db/migrations';

/**
 * People: users (argon2id password hashes), their memberships of workspaces
 * with a role, sessions (only the SHA-256 of each token, like API keys),
 * invitations and password resets (hashed tokens too), and the failed
 * sign-ins that slow guessing down. API keys record the user who made them.
 * The members and audit scopes arrive with them: a key that held every scope
 * there was gets the new ones too, as in 003.
 */
export const accounts: Migration = {
  name: '004_accounts',
  async up(knex) {
    await knex.raw(`
      create table identity.users (
        id uuid primary key default gen_random_uuid(),
        email text not null,
        name text not null,
        password_hash text not null,
        created_at timestamptz not null default now(),
        password_changed_at timestamptz not null default now()
      );
      create unique index users_email_idx on identity.users (lower(email));

      create table identity.memberships (
        workspace_id uuid not null references identity.workspaces (id) on delete cascade,
        user_id uuid not null references identity.users (id) on delete cascade,
        role text not null check (role in ('owner', 'admin', 'member', 'viewer')),
        created_at timestamptz not null default now(),
        primary key (workspace_id, user_id)
      );
      create index memberships_user_idx on identity.memberships (user_id);

      create table identity.sessions (
        id uuid primary key default gen_random_uuid(),
        token_hash text not null unique,
        user_id uuid not null references identity.users (id) on delete cascade,
        -- The workspace the session acts in; the user may switch among their memberships.
        workspace_id uuid not null references identity.workspaces (id) on delete cascade,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null
      );
      create index sessions_user_idx on identity.sessions (user_id);
      create index sessions_expiry_idx on identity.sessions (expires_at);

      create table identity.invitations (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references identity.workspaces (id) on delete cascade,
        token_hash text not null unique,
        email text,
        role text not null check (role in ('owner', 'admin', 'member', 'viewer')),
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        accepted_at timestamptz,
        accepted_by uuid references identity.users (id) on delete set null
      );
      create index invitations_workspace_idx on identity.invitations (workspace_id, created_at, id);

      create table identity.password_resets (
        token_hash text primary key,
        user_id uuid not null references identity.users (id) on delete cascade,
        expires_at timestamptz not null,
        used_at timestamptz
      );

      -- Failed sign-ins per account (account:<email>) and per address (address:<ip>).
      create table identity.sign_in_failures (
        key text primary key,
        failures integer not null,
        last_failed_at timestamptz not null,
        locked_until timestamptz
      );

      alter table identity.api_keys add column created_by uuid references identity.users (id) on delete set null;

      update identity.api_keys set scopes = scopes || '{members:read,members:write,audit:read}'::text[]
      where scopes @> '{links:read,links:write,domains:read,domains:write,analytics:read,webhooks:read,webhooks:write,keys:write}'::text[]
        and not scopes @> '{members:read}'::text[];
    `);
  },
  async down(knex) {
    await knex.raw(`
      update identity.api_keys set scopes = array_remove(array_remove(array_remove(scopes, 'members:read'), 'members:write'), 'audit:read');
      alter table identity.api_keys drop column created_by;
      drop table identity.sign_in_failures, identity.password_resets, identity.invitations, identity.sessions, identity.memberships, identity.users;
    `);
  },
};

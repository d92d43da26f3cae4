import type { Migration } from '../../src/shared/db/migrations';

/**
 * A workspace's custom domains. Service-wide like the workspace directory:
 * the redirect looks a request's host up before it knows any workspace, so
 * with SHARDS this table lives on the main database only (a shard's copy
 * stays empty), and a host name is claimed once across the service.
 */
export const domains: Migration = {
  name: '001_domains',
  async up(knex) {
    await knex.raw(`
      create table domains.domains (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null,
        -- Lower-case, punycode, no port, no trailing dot (src/modules/domains/hostname.ts).
        hostname text not null,
        status text not null default 'pending' check (status in ('pending', 'verified')),
        -- What the TXT record at _shortline.<hostname> must hold: shortline-verify=<token>.
        verification_token text not null,
        verified_at timestamptz,
        -- The last DNS check (by request or by the re-check job), and what it found when it failed.
        checked_at timestamptz,
        check_problem text,
        -- Where GET / and an unknown slug on this domain go; null: the 404 page.
        root_url text,
        not_found_url text,
        created_at timestamptz not null default date_trunc('milliseconds', now()),
        updated_at timestamptz not null default date_trunc('milliseconds', now())
      );
      create unique index domains_hostname_key on domains.domains (hostname);
      create index domains_workspace_idx on domains.domains (workspace_id, created_at, id);
      create index domains_pending_idx on domains.domains (checked_at nulls first) where status = 'pending';
    `);
  },
  async down(knex) {
    await knex.raw('drop table domains.domains');
  },
};

import type { Migration } from '../../src/shared/db/migrations';

/**
 * QR codes: whether a link's code is served publicly (`GET /<slug>/qr`), and
 * each workspace's centre logo. The flag's constant default makes adding it
 * a catalogue change, not a rewrite of every row. The logo is the PNG as
 * uploaded (checked and capped at 100 KB by the API), with its size and its
 * SHA-256, which versions every code drawn with it (their ETags).
 */
export const qrCodes: Migration = {
  name: '008_qr_codes',
  async up(knex) {
    await knex.raw(`
      alter table links.links add column public_qr boolean not null default true;

      create table links.qr_logos (
        workspace_id uuid primary key,
        png bytea not null,
        width integer not null check (width > 0),
        height integer not null check (height > 0),
        digest text not null,
        updated_at timestamptz not null default date_trunc('milliseconds', now())
      );
    `);
  },
  async down(knex) {
    await knex.raw('drop table links.qr_logos; alter table links.links drop column public_qr;');
  },
};

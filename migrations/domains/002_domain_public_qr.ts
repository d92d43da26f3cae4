import type { Migration } from '../../src/shared/db/migrations';

/** Whether the public QR codes (`GET /<slug>/qr`) of a domain's links are served; each link's own `publicQr` must allow it too. */
export const domainPublicQr: Migration = {
  name: '002_domain_public_qr',
  async up(knex) {
    await knex.raw('alter table domains.domains add column public_qr boolean not null default true');
  },
  async down(knex) {
    await knex.raw('alter table domains.domains drop column public_qr');
  },
};

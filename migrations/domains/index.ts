import type { Migration } from '../../src/shared/db/migrations';
import { domains } from './001_domains';
import { domainPublicQr } from './002_domain_public_qr';

/** The domains module's migrations, applied in this order to schema `domains`. */
export const domainsMigrations: readonly Migration[] = [domains, domainPublicQr];

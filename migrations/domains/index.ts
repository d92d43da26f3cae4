import type { Migration } from '../../src/shared/db/migrations';
import { domains } from './001_domains';

/** The domains module's migrations, applied in this order to schema `domains`. */
export const domainsMigrations: readonly Migration[] = [domains];

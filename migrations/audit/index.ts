import type { Migration } from '../../src/shared/db/migrations';
import { entries } from './001_entries';

/** The audit module's migrations, applied in this order to schema `audit`. */
export const auditMigrations: readonly Migration[] = [entries];

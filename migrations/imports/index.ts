import type { Migration } from '../../src/shared/db/migrations';
import { imports } from './001_imports';

/** The imports module's migrations, applied in this order to schema `imports`. */
export const importsMigrations: readonly Migration[] = [imports];

import type { Migration } from '../../src/shared/db/migrations';
import { clicks } from './001_clicks';
import { rollups } from './002_rollups';
import { workspaceKeys } from './003_workspace_keys';
import { clickCity } from './004_click_city';
import { clickVariant } from './005_click_variant';

/** The analytics module's migrations, applied in this order to schema `analytics`. */
export const analyticsMigrations: readonly Migration[] = [clicks, rollups, workspaceKeys, clickCity, clickVariant];

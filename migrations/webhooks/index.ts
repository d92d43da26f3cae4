import type { Migration } from '../../src/shared/db/migrations';
import { webhooks } from './001_webhooks';
import { deliveryVersions } from './002_delivery_versions';
import { workspaceKeys } from './003_workspace_keys';

/** The webhooks module's migrations, applied in this order to schema `webhooks`. */
export const webhooksMigrations: readonly Migration[] = [webhooks, deliveryVersions, workspaceKeys];

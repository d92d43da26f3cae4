import type { Migration } from '../../src/shared/db/migrations';
import { workspacesAndApiKeys } from './001_workspaces_and_api_keys';
import { workspaceDirectory } from './002_workspace_directory';
import { domainScopes } from './003_domain_scopes';
import { accounts } from './004_accounts';

/** The identity module's migrations, applied in this order to schema `identity`. */
export const identityMigrations: readonly Migration[] = [workspacesAndApiKeys, workspaceDirectory, domainScopes, accounts];

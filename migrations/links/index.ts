import type { Migration } from '../../src/shared/db/migrations';
import { links } from './001_links';
import { linkPreviews } from './002_link_previews';
import { pendingPreviewHost } from './003_pending_preview_host';
import { slugDirectory } from './004_slug_directory';
import { workspaceKeys } from './005_workspace_keys';
import { linkLimitCheck } from './006_link_limit_check';
import { linksPastLimit } from './007_links_past_limit';
import { qrCodes } from './008_qr_codes';
import { linkRules } from './009_link_rules';
import { linkDomains } from './010_link_domains';
import { importedClicks } from './011_imported_clicks';

/** The links module's migrations, applied in this order to schema `links`. */
export const linksMigrations: readonly Migration[] = [
  links,
  linkPreviews,
  pendingPreviewHost,
  slugDirectory,
  workspaceKeys,
  linkLimitCheck,
  linksPastLimit,
  qrCodes,
  linkRules,
  linkDomains,
  importedClicks,
];

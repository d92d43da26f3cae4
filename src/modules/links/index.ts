/** The links module's public door: everything other code may use of it. */
export { linksModule, type LinksDeps } from './module';
export type { LinksApi } from './api';
export type { LinksSettings } from './settings';
export type { Click, ClickSink } from './redirect/click-sink';
export type { ClickTotals } from './exports/link-export';
export type { ImportedLink, ImportOutcome, Link, LinkPreview, RedirectType } from './types';
export { linkCreated, linkUpdated, linkDeleted } from './events';
export { remoteLinks, type RemoteLinksApi } from './remote';

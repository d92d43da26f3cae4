import type { LinkDraft } from '../http/schemas';
import type { Link } from '../types';

/**
 * How one link is created (POST /v1/links). Both paths answer alike: the
 * link; a Conflict for a taken slug; past the workspace's limit the SL403 of
 * links.within_link_limit, which undoes the create. They differ in what can
 * join the write (ADR 0006): oneStatementCreate takes nothing else into its
 * transaction, transactionalCreate can. LinksService.createPathFor chooses.
 */
export interface CreatePath {
  create(workspaceId: string, input: LinkDraft): Promise<Link>;
}

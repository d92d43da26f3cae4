import { internalCall, type InternalTarget, type OutboundClient } from '../../shared/outbound';
import type { LinksApi } from './api';
import type { Link } from './types';

/** What a module run apart from links needs of it: links by id, and where clicks go. */
export type RemoteLinksApi = Pick<LinksApi, 'getLink' | 'findLinks' | 'connectClickSink'>;

/**
 * LinksApi for a process that does not run links: look-ups go to links'
 * process (POST /internal/links/lookup). `connectClickSink` connects
 * nothing: the redirects, and so the clicks, are in links' process, which
 * hands them to analytics through the job queue (analytics' remote client).
 */
export function remoteLinks(outbound: OutboundClient, target: InternalTarget): RemoteLinksApi {
  const findLinks = async (workspaceId: string, ids: readonly string[]): Promise<Link[]> => {
    if (ids.length === 0) return [];
    const { json } = await internalCall(outbound, target, 'POST', '/internal/links/lookup', { workspaceId, ids });
    return (json as { data: Link[] }).data;
  };
  return {
    findLinks,
    getLink: async (workspaceId, id) => (await findLinks(workspaceId, [id]))[0],
    connectClickSink: () => undefined,
  };
}

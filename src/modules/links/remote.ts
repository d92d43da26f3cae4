import { z } from 'zod';
import { answer, internalCall, type InternalTarget, type OutboundClient } from '../../shared/outbound';
import type { LinksApi } from './api';
import type { Link } from './types';

/** The fields callers rely on are checked; the rest of each Link is passed on as sent. */
const lookupAnswer = z.object({ data: z.array(z.looseObject({ id: z.uuid(), slug: z.string(), url: z.string() })) });

/** What a module run apart from links needs of it: links by id, and where clicks go. */
export type RemoteLinksApi = Pick<LinksApi, 'getLink' | 'findLinks'>;

/**
 * LinksApi for a process that does not run links: look-ups go to links'
 * process (POST /internal/links/lookup). The redirects, and so the clicks,
 * are in links' process, which sends them to analytics itself (analytics'
 * remote client).
 */
export function remoteLinks(outbound: OutboundClient, target: InternalTarget): RemoteLinksApi {
  const findLinks = async (workspaceId: string, ids: readonly string[]): Promise<Link[]> => {
    if (ids.length === 0) return [];
    const json = await internalCall(outbound, target, 'POST', '/internal/links/lookup', { workspaceId, ids });
    return answer(lookupAnswer, json, target).data as unknown as Link[];
  };
  return {
    findLinks,
    getLink: async (workspaceId, id) => (await findLinks(workspaceId, [id]))[0],
  };
}

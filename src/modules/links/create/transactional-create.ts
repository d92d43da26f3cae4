import { Conflict } from '../../../shared/errors';
import { createEvent, type EventPublisher } from '../../../shared/events';
import { linkCreated } from '../events';
import { eventLink } from '../link-rows';
import type { LinkWrites } from '../link-writes';
import type { CreatePath } from './create-path';
import type { LinkInserter } from './link-inserter';

export interface TransactionalCreateDeps {
  writes: LinkWrites;
  inserter: LinkInserter;
  events: EventPublisher;
  defaultMaxLinks: number;
}

/**
 * A create as a transaction like any other write (LinkWrites.write), which
 * the slug claim (on main, with SHARDS) and the link.created delivery jobs
 * join: claim and insert, publish, then count the link against the limit.
 */
export function transactionalCreate({ writes, inserter, events, defaultMaxLinks }: TransactionalCreateDeps): CreatePath {
  return {
    create: (workspaceId, input) =>
      writes.write(workspaceId, async (repo, slugs, previewsPending) => {
        const [link] = await inserter.insert(repo, slugs, workspaceId, [input]);
        if (link instanceof Conflict) throw link;
        await events.publish(repo.db, createEvent(linkCreated, workspaceId, { link: eventLink(link) }));
        previewsPending([link]);
        // Last: the usage row stays locked from here to the commit, so concurrent
        // creates in one workspace queue for that moment only, not the whole write.
        await repo.countCreated(workspaceId, 1, defaultMaxLinks);
        return link;
      }),
  };
}

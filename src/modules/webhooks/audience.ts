import type { Knex } from 'knex';
import type { Cache, CacheRegistry } from '../../shared/cache';
import type { Audience } from '../../shared/events';
import type { WebhooksRepository } from './data/webhooks-repository';
import type { WebhookEvent } from './types';

const AUDIENCE_CACHE = 'webhooks:audience';

/**
 * Which workspaces have an enabled endpoint for an event type — the audience of
 * webhooks' subscriptions, so that publishers build and queue only events some
 * endpoint will be sent (src/shared/events/audience.ts). Cached per workspace
 * as the event types its enabled endpoints subscribe to, and evicted in every
 * process by the transaction that creates, changes or deletes an endpoint
 * (when that commits, through the cache invalidation channel).
 *
 * An endpoint disabled after failed deliveries is not evicted: until the entry
 * expires its workspace's events are still delivered to the handler, whose
 * `select` reads the endpoints and drops them — some work, no event lost.
 */
export class EndpointAudience {
  private readonly cache: Cache<readonly string[]>;

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly caches: CacheRegistry,
  ) {
    this.cache = caches.create(AUDIENCE_CACHE);
  }

  of(event: WebhookEvent): Audience {
    return async (workspaceIds) => {
      const heard = new Set<string>();
      const missing: string[] = [];
      for (const id of workspaceIds) {
        const types = this.cache.peek(id);
        if (types === undefined) missing.push(id);
        else if (types?.includes(event)) heard.add(id);
      }
      if (missing.length === 0) return heard;
      // One query for every workspace not cached, made only if some key's load is not already in flight.
      let loading: Promise<Map<string, string[]>> | undefined;
      const load = () => (loading ??= this.repo.subscribedEventTypes(missing));
      await Promise.all(
        missing.map(async (id) => {
          const types = await this.cache.getOrLoad(id, async () => (await load()).get(id) ?? []);
          if (types?.includes(event)) heard.add(id);
        }),
      );
      return heard;
    };
  }

  /** In the transaction that changes the workspace's endpoints. */
  forget(trx: Knex, workspaceId: string): Promise<void> {
    return this.caches.invalidate(trx, AUDIENCE_CACHE, [workspaceId]);
  }
}

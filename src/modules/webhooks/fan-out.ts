import type { Knex } from 'knex';
import { handleBatch, type DomainEvent, type EventDefinition, type EventOf, type Subscription, type SubscriptionHandler } from '../../shared/events';
import { deliverLinkClicked, deliverLinkCreated, deliverLinkDeleted, deliverLinkUpdated } from './subscriptions';
import type { EndpointAudience } from './audience';
import type { ClickBatcher } from './jobs/batch-clicks.job';
import type { Deliverer } from './jobs/deliver.job';
import { eventBody } from './payload';
import { WebhooksRepository, type EndpointRow } from './data/webhooks-repository';
import type { WebhookEvent } from './types';

/** Stores an event batch's deliveries (or waiting clicks) for its endpoints, in `trx`. */
type Store = (endpoints: Pick<EndpointRow, 'id' | 'workspace_id'>[], repo: WebhooksRepository, trx: Knex) => Promise<void>;

/** How often storing a batch is tried: each failure needs another endpoint deleted meanwhile. */
const STORE_ATTEMPTS = 3;

/**
 * The handlers behind those subscriptions. Each takes a whole delivery of events
 * (up to 500) in one transaction: events of workspaces with no enabled endpoint
 * for their type are ignored (and leave nothing in the inbox); for the rest, one
 * delivery per (endpoint, event) is stored and its first attempt queued — or,
 * for clicks, the click waits for its endpoint's next batch.
 */
export function fanOutHandlers(
  deliverer: Deliverer,
  batcher: ClickBatcher,
  audience: EndpointAudience,
  clickBatchSize: number,
): SubscriptionHandler[] {
  const endpointsFor = (trx: Knex, events: readonly DomainEvent[]) =>
    new WebhooksRepository(trx).subscribedEndpoints(
      events.map((event) => event.workspaceId),
      events[0].type as WebhookEvent,
    );
  const select = async <E extends DomainEvent>(events: E[], trx: Knex): Promise<E[]> => {
    if (events.length === 0) return [];
    const workspaces = new Set((await endpointsFor(trx, events)).map((endpoint) => endpoint.workspace_id));
    return events.filter((event) => workspaces.has(event.workspaceId));
  };

  /**
   * Runs `store` for the endpoints subscribed now. One deleted after they were
   * read fails the write on its foreign key: the write is undone and done again
   * without it, as if the event had come after the delete. Each retry is owed
   * to another deleted endpoint; the last one fails the job like any error.
   */
  const forEndpoints = async (events: DomainEvent[], trx: Knex, store: Store) => {
    const repo = new WebhooksRepository(trx);
    const write = async (inner: WebhooksRepository, db: Knex) => store(await endpointsFor(db, events), inner, db);
    for (let attempt = 1; attempt < STORE_ATTEMPTS; attempt++) if (await repo.unlessEndpointDeleted(write)) return;
    await write(repo, trx);
  };

  const deliverEach = async (events: DomainEvent[], trx: Knex) => {
    if (events.length === 0) return;
    await forEndpoints(events, trx, async (endpoints, repo, db) => {
      const ids = await repo.insertDeliveries(
        events.flatMap((event) =>
          endpoints
            .filter((endpoint) => endpoint.workspace_id === event.workspaceId)
            .map((endpoint) => ({
              workspace_id: event.workspaceId,
              endpoint_id: endpoint.id,
              event_id: event.id,
              event_type: event.type,
              body: eventBody(event),
            })),
        ),
      );
      await deliverer.schedule(db, ids);
    });
  };

  const batchClicks = async (events: DomainEvent[], trx: Knex) => {
    if (events.length === 0) return;
    await forEndpoints(events, trx, async (endpoints, repo, db) => {
      for (const endpoint of endpoints) {
        const clicks = events.filter((event) => event.workspaceId === endpoint.workspace_id);
        const waiting = await repo.addPendingClicks(
          endpoint.id,
          clicks.map((event) => ({ workspace_id: event.workspaceId, event_id: event.id, click: event.data })),
        );
        await batcher.schedule(db, endpoint.id, waiting >= clickBatchSize);
      }
    });
  };

  // Publishers skip the events of workspaces with no endpoint for the type: select would drop them.
  const fanOut = <E extends EventDefinition>(to: Subscription<E>, handle: (events: EventOf<E>[], trx: Knex) => Promise<void>) =>
    handleBatch(to, select, handle, { audience: audience.of(to.event.type as WebhookEvent) });
  return [
    fanOut(deliverLinkCreated, deliverEach),
    fanOut(deliverLinkUpdated, deliverEach),
    fanOut(deliverLinkDeleted, deliverEach),
    fanOut(deliverLinkClicked, batchClicks),
  ];
}

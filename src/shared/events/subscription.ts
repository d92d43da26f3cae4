import type { Knex } from 'knex';
import type { Audience } from './audience';
import type { EventDefinition, EventOf } from './event';

/**
 * A module's standing interest in one event type, declared on its
 * ModuleDefinition (so every module's wiring is visible without building it, and
 * publishers know their subscribers even when the subscriber runs in another
 * deployment — see docs/architecture/events-and-jobs.md, "Domain events").
 */
export interface Subscription<E extends EventDefinition = EventDefinition> {
  /** Unique within the module, names what the handler does, e.g. `forget-deleted-link`. */
  name: string;
  event: E;
}

export function subscription<E extends EventDefinition>(name: string, event: E): Subscription<E> {
  return { name, event };
}

/**
 * The code behind a subscription, supplied by the built module. It runs inside a
 * transaction on the subscriber's own database handle, together with the inbox
 * record of the event: the effect and "seen" commit or roll back as one, so a
 * redelivered event is skipped and a failed one is retried.
 */
export type SubscriptionHandler<E extends EventDefinition = EventDefinition> = EachEventHandler<E> | BatchHandler<E>;

interface EachEventHandler<E extends EventDefinition> {
  subscription: Subscription<E>;
  audience?: undefined;
  handle(event: EventOf<E>, trx: Knex.Transaction): Promise<void>;
}

/**
 * A handler for a whole delivery (up to 500 events) in one transaction: for
 * high-volume events such as link.clicked, where a transaction per event would
 * cost more than the effect. `select` (read-only) picks the events the
 * subscriber acts on; only those are recorded in the inbox, so events it ignores
 * leave no trace there.
 */
interface BatchHandler<E extends EventDefinition> {
  subscription: Subscription<E>;
  /** The workspaces `select` may keep events of, for publishers to skip the rest (see audience.ts). */
  audience?: Audience;
  select(events: EventOf<E>[], trx: Knex.Transaction): Promise<EventOf<E>[]>;
  handleBatch(events: EventOf<E>[], trx: Knex.Transaction): Promise<void>;
}

export function handle<E extends EventDefinition>(
  subscription: Subscription<E>,
  fn: (event: EventOf<E>, trx: Knex.Transaction) => Promise<void>,
): SubscriptionHandler<E> {
  return { subscription, handle: fn };
}

export function handleBatch<E extends EventDefinition>(
  subscription: Subscription<E>,
  select: (events: EventOf<E>[], trx: Knex.Transaction) => Promise<EventOf<E>[]>,
  fn: (events: EventOf<E>[], trx: Knex.Transaction) => Promise<void>,
  options: { audience?: Audience } = {},
): SubscriptionHandler<E> {
  return { subscription, select, handleBatch: fn, audience: options.audience };
}

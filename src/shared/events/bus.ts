import type { Knex } from 'knex';
import { Counter } from 'prom-client';
import { z } from 'zod';
import { defineTask, enqueueAll, type TaskDefinition } from '../jobs';
import type { Logger } from '../logging';
import type { Metrics } from '../metrics';
import type { Audience, Audiences } from './audience';
import type { DomainEvent } from './event';
import { claimEvent, claimEvents } from './inbox';
import type { Subscription, SubscriptionHandler } from './subscription';

/** Events per delivery job: a flush of many clicks becomes a few jobs, not thousands. */
const EVENTS_PER_JOB = 500;

/** Publishing side, handed to every module in its context. */
export interface EventPublisher {
  /**
   * Publishes events as part of the caller's transaction `db`: one delivery job
   * per subscription (and per EVENTS_PER_JOB events) is added through the same
   * transaction, so subscribers hear of a change if and only if it commits.
   * Events outside a subscription's audience are not delivered to it.
   */
  publish(db: Knex, ...events: DomainEvent[]): Promise<void>;
  /**
   * The workspaces among `workspaceIds` whose `type` events some subscriber
   * would hear: lets a high-volume publisher build only those events. Empty
   * when no one subscribes to `type`.
   */
  audience(type: string, workspaceIds: Iterable<string>): Promise<Set<string>>;
}

/** A subscription as the bus knows it: which module declared it. */
export interface DeclaredSubscription {
  module: string;
  subscription: Subscription;
}

const actor = z.object({ kind: z.enum(['key', 'user']), id: z.string(), label: z.string() });

const deliveryPayload = z.object({
  events: z.array(
    z.object({
      id: z.uuid(),
      type: z.string(),
      version: z.number().int(),
      workspaceId: z.string(),
      occurredAt: z.string(),
      // Events queued before the envelope carried an actor have none: the system's, as far as anyone knows.
      actor: actor.nullable().default(null),
      data: z.unknown(),
    }),
  ),
});

/**
 * In-process event bus over the job queue. It knows every subscription the
 * build declares (all modules, enabled or not: the subscriber may run in another
 * deployment, whose worker then takes the jobs), turns a publish into delivery
 * jobs, and provides the task that runs each subscription's handler.
 */
export class EventBus {
  private readonly deliveryTasks = new Map<string, TaskDefinition<typeof deliveryPayload>>();

  constructor(
    private readonly subscriptions: readonly DeclaredSubscription[],
    private readonly logger: Logger,
  ) {
    for (const declared of subscriptions) {
      const name = deliveryTaskName(declared);
      if (this.deliveryTasks.has(name)) throw new Error(`Subscription ${name} is declared twice`);
      // For enqueueing only (the name and the payload check); the runnable task comes from tasksFor,
      // in the processes that run the subscribing module.
      this.deliveryTasks.set(
        name,
        defineTask({ name, payload: deliveryPayload, run: () => Promise.reject(new Error(`${name} has no handler here`)) }),
      );
    }
  }

  /**
   * The publisher of one cell's modules. `audiences` holds what the cell's
   * built subscribers say they would act on (filled once they are built);
   * counted in `metrics` are the events left out by them.
   */
  publisher(audiences: Audiences, metrics: Metrics): EventPublisher {
    const unheard = new Counter({
      name: 'shortline_events_unheard_total',
      help: "Events not delivered to a subscription because their workspace is outside the subscription's audience",
      labelNames: ['subscription'],
      registers: [metrics.registry],
    });
    return {
      publish: (db, ...events) => this.publish(db, events, audiences, unheard),
      audience: (type, workspaceIds) => this.audience(type, workspaceIds, audiences),
    };
  }

  private async publish(db: Knex, events: readonly DomainEvent[], audiences: Audiences, unheard: Counter<'subscription'>): Promise<void> {
    const jobs: { task: TaskDefinition; payload: unknown }[] = [];
    for (const declared of this.subscriptions) {
      let matching = events.filter((event) => event.type === declared.subscription.event.type);
      const audience = audiences.of(declared.subscription);
      if (matching.length > 0 && audience) {
        const heard = await this.ask(audience, new Set(matching.map((event) => event.workspaceId)), declared);
        const kept = matching.filter((event) => heard.has(event.workspaceId));
        if (kept.length < matching.length) unheard.inc({ subscription: deliveryTaskName(declared) }, matching.length - kept.length);
        matching = kept;
      }
      const task = this.deliveryTasks.get(deliveryTaskName(declared))!;
      for (let i = 0; i < matching.length; i += EVENTS_PER_JOB) jobs.push({ task, payload: { events: matching.slice(i, i + EVENTS_PER_JOB) } });
    }
    await enqueueAll(db, jobs);
  }

  private async audience(type: string, workspaceIds: Iterable<string>, audiences: Audiences): Promise<Set<string>> {
    const asked = new Set(workspaceIds);
    const heard = new Set<string>();
    for (const declared of this.subscriptions) {
      if (declared.subscription.event.type !== type) continue;
      const audience = audiences.of(declared.subscription);
      if (!audience) return asked;
      for (const id of await this.ask(audience, asked, declared)) heard.add(id);
      if (heard.size === asked.size) break;
    }
    return heard;
  }

  /** An audience that fails (its database is unreachable) hears everyone: a delivery too many, never an event lost. */
  private async ask(audience: Audience, workspaceIds: ReadonlySet<string>, declared: DeclaredSubscription): Promise<ReadonlySet<string>> {
    try {
      return await audience(workspaceIds);
    } catch (error) {
      this.logger.warn('event audience unavailable; publishing to every workspace', {
        subscription: deliveryTaskName(declared),
        error: (error as Error).message,
      });
      return workspaceIds;
    }
  }

  /**
   * The delivery tasks of one built module: each runs its handler once per event,
   * inside a transaction on the module's database handle that also records the
   * event in the module's inbox; an event already there is skipped.
   */
  tasksFor(module: string, db: Knex, handlers: readonly SubscriptionHandler[]): TaskDefinition[] {
    const declared = this.subscriptions.filter((s) => s.module === module);
    for (const handler of handlers) {
      if (!declared.some((s) => s.subscription === handler.subscription)) {
        throw new Error(`Module "${module}" handles ${handler.subscription.name}, which its definition does not declare`);
      }
    }
    return declared.map((entry) => {
      const name = deliveryTaskName(entry);
      const handler = handlers.find((h) => h.subscription === entry.subscription);
      if (!handler) throw new Error(`Module "${module}" declares subscription ${name} but provides no handler`);
      const logger = this.logger;
      return defineTask({
        name,
        payload: deliveryPayload,
        async run({ events }) {
          const checked = (events as DomainEvent[]).map((event) => {
            const parsed = entry.subscription.event.data.safeParse(event.data);
            if (!parsed.success) throw new Error(`${name}: event ${event.id} has invalid ${event.type} data`);
            return { ...event, data: parsed.data };
          });
          if ('handleBatch' in handler) {
            await db.transaction(async (trx) => {
              const selected = await handler.select(checked, trx);
              const claimed = await claimEvents(
                trx,
                module,
                entry.subscription.name,
                selected.map((event) => event.id),
              );
              await handler.handleBatch(
                selected.filter((event) => claimed.has(event.id)),
                trx,
              );
            });
            return;
          }
          for (const event of checked) {
            await db.transaction(async (trx) => {
              if (await claimEvent(trx, module, entry.subscription.name, event.id)) await handler.handle(event, trx);
              else logger.debug('event already handled', { task: name, eventId: event.id });
            });
          }
        },
      });
    });
  }
}

/** `<module>.on.<subscription>`, e.g. `analytics.on.forget-deleted-link`. */
function deliveryTaskName({ module, subscription }: DeclaredSubscription): string {
  return `${module}.on.${subscription.name}`;
}

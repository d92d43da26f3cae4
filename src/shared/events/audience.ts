import type { Subscription, SubscriptionHandler } from './subscription';

/**
 * Which of `workspaceIds` a subscription may act on. A subscriber whose handler
 * ignores most workspaces' events (webhooks: those of workspaces without an
 * endpoint for the type) supplies one, answered from memory where it can, and
 * the publisher then builds and delivers only the events of those workspaces —
 * link.clicked, one event per stored click, is otherwise thousands of events a
 * second that the handler's `select` throws away.
 *
 * It may keep a workspace the handler would ignore (that costs a delivery) but
 * must never leave out one it would act on (that loses the event).
 */
export type Audience = (workspaceIds: ReadonlySet<string>) => Promise<ReadonlySet<string>>;

/**
 * The audiences of one cell's built modules, by subscription. A subscription
 * without one here (no audience declared, or its module is not built in this
 * process) hears every workspace's events.
 */
export class Audiences {
  private readonly bySubscription = new Map<Subscription, Audience>();

  add(handlers: readonly SubscriptionHandler[]): void {
    for (const handler of handlers) if (handler.audience) this.bySubscription.set(handler.subscription, handler.audience);
  }

  of(subscription: Subscription): Audience | undefined {
    return this.bySubscription.get(subscription);
  }
}

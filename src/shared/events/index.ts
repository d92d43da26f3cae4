export { defineEvent, createEvent, type EventDefinition, type EventOptions, type DomainEvent, type EventOf } from './event';
export { subscription, handle, handleBatch, type Subscription, type SubscriptionHandler } from './subscription';
export { Audiences, type Audience } from './audience';
export { EventBus, type EventPublisher, type DeclaredSubscription } from './bus';
export { createInbox } from './inbox';
export { pruneInboxesTask } from './prune-task';

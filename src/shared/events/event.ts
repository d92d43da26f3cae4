import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { currentActor, type Actor } from '../context';

/**
 * A domain event type a module publishes: its name (`<aggregate>.<past tense>`,
 * e.g. `link.deleted`), the version of its data shape, and the zod schema of that
 * data. The definition lives in the publishing module and is exported from its
 * index.ts, so subscribers name it by import, not by string.
 */
export interface EventDefinition<S extends z.ZodType = z.ZodType> {
  type: string;
  /** Bumped when the data shape changes incompatibly; subscribers see it on every event. */
  version: number;
  data: S;
}

export function defineEvent<S extends z.ZodType>(type: string, version: number, data: S): EventDefinition<S> {
  return { type, version, data };
}

/** What travels to subscribers: the envelope around one event's data. */
export interface DomainEvent<D = unknown> {
  /** Unique per event: the key subscribers de-duplicate on. */
  id: string;
  type: string;
  version: number;
  workspaceId: string;
  /** ISO 8601, when the state change happened (its transaction ran). */
  occurredAt: string;
  /** Who caused it: the API key or person whose request made the change; null for the system (a job, the CLI, an expiry). */
  actor: Actor | null;
  data: D;
}

export type EventOf<E extends EventDefinition> = DomainEvent<z.infer<E['data']>>;

export interface EventOptions {
  /** When it happened; now by default. */
  occurredAt?: Date;
  /**
   * Who caused it. By default the caller of the request being handled (the
   * request context), so no service passes its caller down to publish; null
   * outside a request. Given where the context does not know: a person who
   * accepts an invitation acts before they have any credential.
   */
  actor?: Actor | null;
}

/** Builds an event, checking its data against the definition (a publisher bug fails the transaction). */
export function createEvent<S extends z.ZodType>(
  definition: EventDefinition<S>,
  workspaceId: string,
  data: z.input<S>,
  options: EventOptions = {},
): DomainEvent<z.infer<S>> {
  const parsed = definition.data.safeParse(data);
  if (!parsed.success) {
    throw new Error(`Event ${definition.type} has invalid data: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return {
    id: randomUUID(),
    type: definition.type,
    version: definition.version,
    workspaceId,
    occurredAt: (options.occurredAt ?? new Date()).toISOString(),
    actor: options.actor === undefined ? currentActor() : options.actor,
    data: parsed.data,
  };
}

import type { Knex } from 'knex';
import type { DomainEvent } from '../../shared/events';
import { EntriesRepository, type EntryRow } from './data/entries-repository';
import type { AuditMetrics } from './metrics';
import type { Recorder } from './recorders';

/** Stores heard events as entries, in the delivery's transaction, and counts those stored once it commits. */
export class EntryWriter {
  constructor(private readonly metrics: AuditMetrics) {}

  async write(recorder: Recorder, events: readonly DomainEvent[], trx: Knex.Transaction): Promise<void> {
    const stored = await new EntriesRepository(trx).insert(
      recorder.table,
      events.map((event) => toRow(recorder, event)),
    );
    // After the commit: a delivery that fails later in its transaction is retried, and would count twice.
    trx.executionPromise.then(
      () => stored.forEach(({ action }) => this.metrics.written.inc({ action })),
      () => undefined,
    );
  }
}

function toRow(recorder: Recorder, event: DomainEvent): EntryRow {
  const { target, changes } = recorder.record(event);
  return {
    workspace_id: event.workspaceId,
    event_id: event.id,
    at: new Date(event.occurredAt),
    action: event.type,
    actor_kind: event.actor?.kind ?? null,
    actor_id: event.actor?.id ?? null,
    actor_label: event.actor?.label ?? null,
    target_type: target.type,
    target_id: target.id,
    target_label: target.label,
    changes,
  };
}

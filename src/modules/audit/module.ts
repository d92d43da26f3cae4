import { auditMigrations } from '../../../migrations/audit';
import { handleBatch, type DomainEvent } from '../../shared/events';
import { callerAuth } from '../../shared/http/auth';
import type { ModuleDefinition } from '../../shared/module';
import type { IdentityApi } from '../identity';
import type { AuditApi } from './api';
import { EntriesRepository } from './data/entries-repository';
import { EntryWriter } from './entry-writer';
import { auditRouter } from './http/routes';
import { pruneEntriesTask } from './jobs/prune-entries.job';
import { auditMetrics } from './metrics';
import { recorders } from './recorders';
import { AuditService } from './service';
import { auditSettings, type AuditSettings } from './settings';
import { auditSubscriptions, linkSubscriptions } from './subscriptions';

export interface AuditDeps {
  identity: IdentityApi;
}

export const auditModule: ModuleDefinition<AuditApi, AuditDeps, AuditSettings> = {
  name: 'audit',
  description: 'The audit trail: who (an API key or a person) created, changed or deleted links, domains, webhooks, keys and members.',
  dependsOn: ['identity'],
  // Their events are what the trail records; links, domains and webhooks may run elsewhere.
  eventsFrom: ['links', 'domains', 'webhooks'],
  migrations: auditMigrations,
  settings: auditSettings,
  subscriptions: auditSubscriptions,
  create({ db, mainDb, reads, settings, logger, metrics, rateLimits }, { identity }) {
    const writer = new EntryWriter(auditMetrics(metrics));
    // Links' events left out (AUDIT_LINK_CHANGES=off): publishers are told nobody hears them, and a create keeps its one statement.
    const heardNone = async () => new Set<string>();
    const handlers = recorders.map((recorder) => {
      const off = !settings.linkChanges && linkSubscriptions.includes(recorder.subscription);
      return handleBatch(
        recorder.subscription,
        async (events: DomainEvent[]) => (off ? [] : events),
        (events, trx) => writer.write(recorder, events, trx),
        { audience: off ? heardNone : undefined },
      );
    });
    const service = new AuditService({
      entries: (work) => reads.read(0, work),
      // In a shard's cell, the global modules' entries are on main.
      global_entries: mainDb ? (work) => work(mainDb) : (work) => reads.read(0, work),
    });
    return {
      api: {},
      router: auditRouter(service, callerAuth(identity, { metrics, rateLimits })),
      tasks: [pruneEntriesTask(new EntriesRepository(db), settings.retentionDays, logger)],
      handlers,
      // `global_entries` stays on main: see migrations/audit/001_entries.ts.
      workspaceData: { tables: ['audit.entries'] },
      portable: { tables: [{ table: 'audit.entries' }] },
    };
  },
};

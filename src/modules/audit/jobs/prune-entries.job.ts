import { z } from 'zod';
import { defineTask } from '../../../shared/jobs';
import type { Logger } from '../../../shared/logging';
import type { EntriesRepository } from '../data/entries-repository';

/** Daily: deletes the entries older than AUDIT_RETENTION_DAYS, in both tables of this database. */
export function pruneEntriesTask(repo: EntriesRepository, retentionDays: number, logger: Logger) {
  return defineTask({
    name: 'audit.prune-entries',
    payload: z.object({}),
    schedule: '53 3 * * *',
    async run() {
      const before = new Date(Date.now() - retentionDays * 86_400_000);
      for (const table of ['entries', 'global_entries'] as const) {
        const removed = await repo.prune(table, before);
        if (removed > 0) logger.info('pruned audit entries', { table, removed, retentionDays });
      }
    },
  });
}

import type { Knex } from 'knex';
import { z } from 'zod';
import { defineTask, type TaskDefinition } from '../jobs';
import type { Logger } from '../logging';
import { INBOX_RETENTION_DAYS, pruneInbox } from './inbox';

/** The platform's daily task that trims the inboxes of the subscribing modules this process runs. */
export function pruneInboxesTask(inboxes: readonly { module: string; db: Knex }[], logger: Logger): TaskDefinition {
  return defineTask({
    name: 'events.prune-inboxes',
    payload: z.object({}),
    schedule: '17 3 * * *',
    async run() {
      for (const { module, db } of inboxes) {
        const removed = await pruneInbox(db, module, INBOX_RETENTION_DAYS);
        if (removed > 0) logger.info('pruned event inbox', { module, removed });
      }
    },
  });
}

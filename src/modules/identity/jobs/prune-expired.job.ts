import { z } from 'zod';
import { defineTask } from '../../../shared/jobs';
import type { AccountService } from '../accounts/account-service';

/**
 * Hourly: deletes sessions, invitations and reset links past their end, and
 * failed sign-ins long quiet. Nothing depends on it for correctness (every
 * read checks the end itself); it keeps the tables from growing for good.
 */
export function pruneExpiredTask(accounts: AccountService) {
  return defineTask({
    name: 'identity.prune-expired',
    payload: z.object({}),
    schedule: '17 * * * *',
    async run() {
      await accounts.pruneExpired();
    },
  });
}

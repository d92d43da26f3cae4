import { z } from 'zod';
import { defineTask } from '../../../shared/jobs';
import type { Logger } from '../../../shared/logging';
import type { DomainsRepository } from '../data/domains-repository';
import type { DomainsService } from '../service';

/** Domains one run checks at most, those checked longest ago first, and how long a checked one rests. */
const BATCH = 100;
const REST_MS = 10 * 60_000;

/**
 * Every 10 minutes: deletes domains pending for longer than
 * DOMAINS_PENDING_DAYS, then asks DNS again for the other pending domains'
 * records, so a domain whose record appeared starts serving without another
 * verify call. One at a time: DNS answers in milliseconds, and a resolver
 * that does not answer costs its timeout per domain, not a burst of queries.
 */
export function recheckPendingTask(repo: DomainsRepository, service: DomainsService, pendingDays: number, logger: Logger) {
  return defineTask({
    name: 'domains.recheck-pending',
    payload: z.object({}),
    schedule: '*/10 * * * *',
    async run() {
      const expired = await service.expirePending(pendingDays);
      if (expired.length > 0) logger.info('pending domains expired', { expired: expired.length, pendingDays });
      const pending = await repo.pendingToCheck(BATCH, new Date(Date.now() - REST_MS));
      let verified = 0;
      for (const row of pending) if (await service.recheck(row)) verified++;
      if (verified > 0) logger.info('pending domains verified by the re-check', { verified, checked: pending.length });
    },
  });
}

import type { Config } from '../config';
import type { Logger } from '../logging';
import type { Metrics } from '../metrics';
import { AddressPolicy } from './address-policy';
import { OutboundClient } from './client';

/** The process's one outbound client, from the OUTBOUND_* settings. */
export function createOutboundClient(settings: Config['outbound'], logger: Logger, metrics: Metrics): OutboundClient {
  const { breaker } = settings;
  return new OutboundClient(
    {
      policy: new AddressPolicy(settings.allow),
      connectTimeoutMs: settings.connectTimeoutMs,
      timeoutMs: settings.timeoutMs,
      maxResponseBytes: settings.maxResponseBytes,
      perHostConcurrency: settings.perHostConcurrency,
      totalConcurrency: settings.totalConcurrency,
      breaker: {
        failureRatio: breaker.failureRatio,
        windowMs: breaker.windowMs,
        // cockatiel judges by a rate; the setting is a count over the window, which is easier to reason about.
        minimumRps: breaker.minimumCalls / (breaker.windowMs / 1000),
        halfOpenAfterMs: breaker.halfOpenAfterMs,
      },
    },
    logger,
    metrics,
  );
}

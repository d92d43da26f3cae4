import { Counter } from 'prom-client';
import type { Metrics } from '../../shared/metrics';

export type AuditMetrics = ReturnType<typeof auditMetrics>;

/** The trail in /metrics. */
export function auditMetrics(metrics: Metrics) {
  return {
    written: new Counter({
      name: 'shortline_audit_entries_written_total',
      help: 'Audit entries stored, by action (a redelivered event stores none)',
      labelNames: ['action'],
      registers: [metrics.registry],
    }),
  };
}

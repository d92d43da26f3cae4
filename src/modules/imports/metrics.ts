import { Counter } from 'prom-client';
import type { Metrics } from '../../shared/metrics';

export type ImportsMetrics = ReturnType<typeof importsMetrics>;

/** Imports in /metrics: runs started and ended (by format), rows by outcome. */
export function importsMetrics(metrics: Metrics) {
  return {
    started: new Counter({
      name: 'shortline_imports_started_total',
      help: 'Import runs whose job started reading the file, by format',
      labelNames: ['format'],
      registers: [metrics.registry],
    }),
    finished: new Counter({
      name: 'shortline_imports_finished_total',
      help: 'Import runs ended, by format and status (finished or failed)',
      labelNames: ['format', 'status'],
      registers: [metrics.registry],
    }),
    rows: new Counter({
      name: 'shortline_import_rows_total',
      help: 'Rows read by import runs, by outcome (created, skipped, failed)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    }),
  };
}

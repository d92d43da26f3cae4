import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * One Prometheus registry per app instance (not prom-client's global one), so tests
 * and the benchmark can build several apps in one process without clashing.
 * Default metrics include event-loop lag and process memory.
 */
export interface Metrics {
  registry: Registry;
  httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  httpRequestsInFlight: Gauge;
  dbQueryDuration: Histogram<'module' | 'outcome'>;
}

/**
 * `shard`: the registry of a shard's cell other than main (src/app/cell.ts):
 * every metric carries `shard="<name>"`, and the process-wide default metrics
 * are left to main's registry.
 */
export function createMetrics(options: { shard?: string } = {}): Metrics {
  const registry = new Registry();
  if (options.shard === undefined) collectDefaultMetrics({ register: registry, prefix: 'shortline_' });
  else registry.setDefaultLabels({ shard: options.shard });
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'shortline_http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    httpRequestsInFlight: new Gauge({
      name: 'shortline_http_requests_in_flight',
      help: 'HTTP requests currently being handled',
      registers: [registry],
    }),
    dbQueryDuration: new Histogram({
      name: 'shortline_db_query_duration_seconds',
      help: 'Database query duration by owning module and outcome (ok|error)',
      labelNames: ['module', 'outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
}

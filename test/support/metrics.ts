import request from 'supertest';
import type { Express } from 'express';

/**
 * Reads one sample from GET /metrics, e.g. metricValue(app, 'shortline_cache_loads_total', { cache: 'links:redirect' }).
 * Throws when no series of the metric has these labels, so that a check for 0 cannot pass on a
 * series that does not exist; `absent` is what to read instead where that is expected (a labelled
 * counter has no series until it first counts). Throws in any case if /metrics has no metric of
 * this name, a mistake in the test.
 */
export async function metricValue(
  app: Express,
  name: string,
  labels: Record<string, string> = {},
  options: { absent?: number } = {},
): Promise<number> {
  const text = (await request(app).get('/metrics').expect(200)).text;
  // A histogram's series carry _count, _sum and _bucket after its name.
  const family = name.replace(/_(count|sum|bucket)$/, '');
  if (!text.includes(`# TYPE ${name} `) && !text.includes(`# TYPE ${family} `)) throw new Error(`GET /metrics has no metric ${name}`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    // Up to the value, the last field: label values may hold spaces.
    const labelText = line.slice(name.length, line.lastIndexOf(' '));
    if (Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) return Number(line.split(' ').pop());
  }
  if (options.absent !== undefined) return options.absent;
  throw new Error(`GET /metrics has no series ${name}${JSON.stringify(labels)}`);
}

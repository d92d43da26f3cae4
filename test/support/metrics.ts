import request from 'supertest';
import type { Express } from 'express';

/** Reads one sample from GET /metrics, e.g. metricValue(app, 'shortline_cache_loads_total', { cache: 'links:redirect' }). */
export async function metricValue(app: Express, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = (await request(app).get('/metrics').expect(200)).text;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length).split(' ')[0];
    if (Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) return Number(line.split(' ').pop());
  }
  return 0;
}

import request from 'supertest';
import type { TestWorkspace } from './app';
import type { TestDnsServer } from './dns-server';

type App = Parameters<typeof request>[0];

/** Adds a domain to the workspace, publishes its TXT record on the test DNS server and verifies it; returns the Domain. */
export async function verifiedDomain(app: App, dns: TestDnsServer, ws: TestWorkspace, hostname: string, settings: object = {}) {
  const domain = (
    await request(app)
      .post('/v1/domains')
      .set(ws.auth)
      .send({ hostname, ...settings })
      .expect(201)
  ).body;
  dns.records.set(domain.verification.name, [domain.verification.value]);
  return (await request(app).post(`/v1/domains/${domain.id}/verify`).set(ws.auth).expect(200)).body;
}

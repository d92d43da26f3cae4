import type { AddressInfo } from 'node:net';
import dns2 from 'dns2';

/**
 * A DNS server on 127.0.0.1 (a random UDP port) answering TXT questions from
 * `records`, for testing domain verification without traffic leaving the
 * machine: point DOMAINS_DNS_SERVERS at `address`. A name not in `records`
 * is NXDOMAIN; `silent` makes it answer nothing at all (a resolver that is down).
 */
export interface TestDnsServer {
  /** `127.0.0.1:<port>`, as DOMAINS_DNS_SERVERS takes it. */
  address: string;
  /** TXT values by lower-cased name; an empty list is a name with no TXT record (NODATA). */
  records: Map<string, string[]>;
  silent: boolean;
  /** How many questions it was asked. */
  questions: number;
  close(): Promise<void>;
}

export async function startDnsServer(): Promise<TestDnsServer> {
  const { Packet } = dns2;
  const state: TestDnsServer = {
    address: '',
    records: new Map(),
    silent: false,
    questions: 0,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = dns2.createUDPServer((request, send) => {
    state.questions++;
    if (state.silent) return;
    const response = Packet.createResponseFromRequest(request);
    const [question] = request.questions;
    const values = state.records.get(question.name.toLowerCase());
    if (values === undefined) response.header.rcode = Packet.RCODE.NXDOMAIN;
    else
      for (const data of values)
        response.answers.push(Packet.createResourceFromQuestion(question, { type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 60, data }));
    void send(response);
  });
  await server.listen(0, '127.0.0.1');
  state.address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** An address where no DNS server listens: a freed UDP port on 127.0.0.1. */
export async function deadDnsAddress(): Promise<string> {
  const probe = await startDnsServer();
  await probe.close();
  return probe.address;
}

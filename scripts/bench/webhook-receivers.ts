import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The receivers of `npm run bench:webhooks`, in their own process so they do
 * not share Shortline's event loop: one that answers 200 at once ("fast") and
 * one that never answers ("hanging"). Reports their ports once listening, then
 * every 50 ms how many requests each got and holds open.
 */
function receiver(kind: 'fast' | 'hanging') {
  const state = { kind, port: 0, received: 0, inFlight: 0, maxInFlight: 0 };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      state.received++;
      if (kind === 'fast') return void res.writeHead(204).end();
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      res.on('close', () => state.inFlight--);
    });
  });
  server.keepAliveTimeout = 60_000;
  return {
    state,
    listening: new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', () => ((state.port = (server.address() as AddressInfo).port), resolve())),
    ),
  };
}

async function main() {
  const fast = receiver('fast');
  const hanging = receiver('hanging');
  await Promise.all([fast.listening, hanging.listening]);
  const report = () => process.send!({ fast: fast.state, hanging: hanging.state });
  report();
  setInterval(report, 50);
  process.on('disconnect', () => process.exit(0));
}

void main();

import express from 'express';
import { listen } from '../../src/shared/http/server';

/** Draining: close() lets in-flight requests finish, within a bound. */
function slowApp(ms: number) {
  const app = express();
  app.get('/slow', async (_req, res) => {
    await new Promise((r) => setTimeout(r, ms).unref());
    res.json({ done: true });
  });
  return app;
}

describe('server close', () => {
  it('finishes in-flight requests before closing, and refuses new connections', async () => {
    const server = await listen(slowApp(300), '127.0.0.1', 0);
    const inFlight = fetch(`http://127.0.0.1:${server.port}/slow`);
    await new Promise((r) => setTimeout(r, 50));
    const closed = server.close(5000);
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    expect(await closed).toBe(true);
    await expect(fetch(`http://127.0.0.1:${server.port}/slow`)).rejects.toThrow();
  });

  it('cuts requests that outlive the shutdown timeout', async () => {
    const server = await listen(slowApp(3000), '127.0.0.1', 0);
    const inFlight = fetch(`http://127.0.0.1:${server.port}/slow`).then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(await server.close(200)).toBe(false);
    expect(await inFlight).toBe('cut');
  });
});

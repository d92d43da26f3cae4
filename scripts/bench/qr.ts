import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PNG } from 'pngjs';
import { loadConfig } from '../../src/app/config';
import { createShortline } from '../../src/app/shortline';
import { createLogger } from '../../src/shared/logging';
import { numberArg } from './support/args';
import { benchDatabase, benchWorkspace } from './support/database';
import { median, table } from './support/load';

/**
 * What a QR code costs to draw against what the render cache saves: one
 * process, one client on 127.0.0.1, requests one after another, in one run.
 * For each format and size: a request the render cache cannot answer (each
 * asks another foreground colour, so each is drawn), one it answers (the same
 * URL again), and a 304 (If-None-Match: nothing drawn, nothing sent). The
 * public route is measured: the link comes from the redirect cache, so no
 * request but the first asks the database.
 *
 *   npm run bench:qr [-- --requests 200]
 */
const requests = numberArg(process.argv.slice(2), 'requests', 200);

const CASES = [
  { format: 'svg', size: 300, logo: false },
  { format: 'png', size: 300, logo: false },
  { format: 'png', size: 1024, logo: false },
  { format: 'png', size: 2048, logo: false },
  { format: 'svg', size: 300, logo: true },
  { format: 'png', size: 300, logo: true },
  { format: 'png', size: 2048, logo: true },
] as const;

async function main(): Promise<void> {
  const database = await benchDatabase();
  try {
    const { apiKey } = await benchWorkspace(database.url);
    const config = loadConfig({
      DATABASE_URL: database.url,
      LOG_LEVEL: 'silent',
      ACCESS_LOG: 'off',
      WORKER: 'off',
      LINK_PREVIEWS: 'off',
      PUBLIC_BASE_URL: 'https://sho.rt',
      // One key far past RATE_LIMIT_API_KEY: this prices rendering, bench:rate-limit the limits.
      RATE_LIMITS: 'off',
    });
    const shortline = createShortline({ config, logger: createLogger(config.log), databaseUrl: database.url });
    await shortline.start();
    const server = createServer(shortline.app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const auth = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
      await must(
        fetch(`${base}/v1/links`, { method: 'POST', headers: auth, body: JSON.stringify({ url: 'https://example.com/bench', slug: 'bench-qr' }) }),
      );
      await must(
        fetch(`${base}/v1/qr-logo`, {
          method: 'PUT',
          headers: auth,
          body: JSON.stringify({ image: `data:image/png;base64,${logoPng().toString('base64')}` }),
        }),
      );

      const rows: (string | number)[][] = [];
      for (const c of CASES) {
        const url = (fg: string) => `${base}/bench-qr/qr?format=${c.format}&size=${c.size}&fg=${fg}${c.logo ? '&logo=true' : ''}`;
        // Each fg another colour: another ETag, so every request is drawn.
        const drawn = await timed(requests, (i) => fetch(url(i.toString(16).padStart(6, '0'))));
        const same = url('123456');
        // The drawings may have spent this second's budget.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const first = await must(fetch(same));
        const etag = first.headers.get('etag')!;
        const bytes = (await first.arrayBuffer()).byteLength;
        const cached = await timed(requests, () => fetch(same));
        const unchanged = await timed(requests, () => fetch(same, { headers: { 'if-none-match': etag } }), 304);
        rows.push([
          c.format,
          c.size,
          c.logo ? 'yes' : 'no',
          `${Math.round(bytes / 102.4) / 10} KB`,
          drawn.toFixed(2),
          cached.toFixed(2),
          unchanged.toFixed(2),
          `${(drawn / cached).toFixed(1)}×`,
        ]);
        process.stderr.write(`${c.format} ${c.size}${c.logo ? ' logo' : ''}: drawn ${drawn.toFixed(2)} ms, cached ${cached.toFixed(2)} ms\n`);
      }
      console.log(`\nGET /:slug/qr, median ms a request over ${requests} sequential requests each, one process on 127.0.0.1:\n`);
      console.log(table(['format', 'size', 'logo', 'image', 'drawn (ms)', 'render cache (ms)', '304 (ms)', 'drawn / cached'], rows));
      console.log(`\n${refused} requests refused by the public drawing budget (503) and sent again a second later.`);
    } finally {
      server.close();
      await shortline.stop();
    }
  } finally {
    await database.stop();
  }
}

/**
 * The median time of `n` requests sent one after another, each read to its
 * end. A 503 is the public drawing budget (a quarter of a second of drawing
 * a second) refusing: the request is sent again after a second, untimed.
 */
async function timed(n: number, send: (i: number) => Promise<Response>, status = 200): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = process.hrtime.bigint();
    const res = await send(i);
    await res.arrayBuffer();
    if (res.status === 503) {
      refused++;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      i--;
      continue;
    }
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}`);
  }
  return median(times);
}

let refused = 0;

async function must(answer: Promise<Response>): Promise<Response> {
  const res = await answer;
  if (!res.ok) throw new Error(`${res.status}: ${await res.text()}`);
  return res;
}

/** A 128-pixel logo: a disc on transparency. */
function logoPng(): Buffer {
  const png = new PNG({ width: 128, height: 128 });
  for (let y = 0; y < 128; y++) {
    for (let x = 0; x < 128; x++) {
      const inside = Math.hypot(x - 63.5, y - 63.5) < 60;
      png.data.set(inside ? [0x1e, 0x40, 0xff, 255] : [0, 0, 0, 0], (y * 128 + x) * 4);
    }
  }
  return PNG.sync.write(png);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { loadConfig } from '../../src/app/config';
import { createShortline } from '../../src/app/shortline';
import { createLogger } from '../../src/shared/logging';
import { listArg } from './support/args';
import { benchDatabase } from './support/database';
import { table } from './support/load';

/**
 * An import of a generated CSV file (slug, url, title, tags, clicks) of each
 * size given, the smallest first as the baseline, in one run against one
 * database. Each size runs in a process of its own (so its peak memory is its
 * own): a Shortline with WORKER=inline serves POST /v1/imports on a port, the
 * file is generated line by line and streamed to it chunked (never whole in
 * memory, neither on the sending side nor on the receiving one), and the
 * process's RSS and V8 heap are sampled every 50 ms from the upload's start
 * until the run finished. What it shows: rows/s of the job (the run's
 * startedAt to finishedAt), the upload's MB/s, and that peak memory does not
 * grow with the file (a 1,000,000-row file against a 100,000-row one).
 * AUDIT_LINK_CHANGES=off: the audit trail's cost per link is its own, measured
 * elsewhere; link previews are off (they would fetch the targets).
 *
 *   npm run bench:import [-- --rows 100000,1000000]
 */

const RESULT_MARK = 'bench-import-result ';

interface SizeResult {
  rows: number;
  bytes: number;
  uploadSeconds: number;
  jobSeconds: number;
  created: number;
  failed: number;
  peakRssMb: number;
  peakHeapMb: number;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') return child(argv[1], Number(argv[2]));
  const sizes = (listArg(argv, 'rows') ?? ['100000', '1000000']).map(Number).sort((a, b) => a - b);
  const database = await benchDatabase();
  try {
    const results: SizeResult[] = [];
    for (const rows of sizes) {
      const result = await inChild(database.url, rows);
      process.stderr.write(`${rows} rows: ${Math.round(rows / result.jobSeconds)} rows/s, peak RSS ${result.peakRssMb} MB\n`);
      results.push(result);
    }
    const base = results[0];
    console.log(
      table(
        ['rows', 'file', 'upload', 'import job', 'rows/s', 'peak RSS', 'peak heap', `RSS vs ${base.rows.toLocaleString('en')}`],
        results.map((r) => [
          r.rows.toLocaleString('en'),
          `${(r.bytes / 1048576).toFixed(1)} MB`,
          `${r.uploadSeconds.toFixed(1)} s (${(r.bytes / 1048576 / r.uploadSeconds).toFixed(1)} MB/s)`,
          `${r.jobSeconds.toFixed(1)} s`,
          Math.round(r.rows / r.jobSeconds).toLocaleString('en'),
          `${r.peakRssMb} MB`,
          `${r.peakHeapMb} MB`,
          `${(r.peakRssMb / base.peakRssMb).toFixed(2)}×`,
        ]),
      ),
    );
    for (const r of results)
      if (r.created !== r.rows || r.failed > 0) console.log(`warning: ${r.rows} rows gave ${r.created} links, ${r.failed} failures`);
  } finally {
    await database.stop();
  }
}

function inChild(url: string, rows: number): Promise<SizeResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [__filename, '--child', url, String(rows)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (data: Buffer) => (out += data.toString()));
    proc.on('error', reject);
    // Log lines share stdout: the result is the line that starts with RESULT_MARK.
    const result = () =>
      JSON.parse(
        out
          .split('\n')
          .find((line) => line.startsWith(RESULT_MARK))!
          .slice(RESULT_MARK.length),
      ) as SizeResult;
    proc.on('exit', (code) => (code === 0 ? resolve(result()) : reject(new Error(`child for ${rows} rows exited ${code}`))));
  });
}

/** One size: its own Shortline, its own workspace, the file streamed and imported, memory sampled throughout. */
async function child(url: string, rows: number): Promise<void> {
  const config = loadConfig({
    DATABASE_URL: url,
    LOG_LEVEL: 'error',
    WORKER: 'inline',
    LINK_PREVIEWS: 'off',
    AUDIT_LINK_CHANGES: 'off',
    LINKS_MAX_PER_WORKSPACE: '100000000',
    IMPORTS_MAX_UPLOAD: '1000mb',
    ACCESS_LOG: 'off',
  });
  const shortline = createShortline({ config, logger: createLogger(config.log), databaseUrl: url });
  await shortline.migrate();
  await shortline.start();
  const server = http.createServer(shortline.app).listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  const apiKey = (await shortline.apis.get('identity').createWorkspace(`bench ${rows}`)).apiKey.key;
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const memory = process.memoryUsage();
    peakRss = Math.max(peakRss, memory.rss);
    peakHeap = Math.max(peakHeap, memory.heapUsed);
  };
  const sampler = setInterval(sample, 50);
  try {
    const uploadStarted = performance.now();
    const { id, bytes } = await upload(port, apiKey, rows);
    const uploadSeconds = (performance.now() - uploadStarted) / 1000;
    let run: { status: string; rows: { created: number; failed: number }; startedAt: string; finishedAt: string };
    for (;;) {
      run = await getJson(port, apiKey, `/v1/imports/${id}`);
      if (run.status === 'finished' || run.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    sample();
    const result: SizeResult = {
      rows,
      bytes,
      uploadSeconds,
      jobSeconds: (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000,
      created: run.rows.created,
      failed: run.rows.failed,
      peakRssMb: Math.round(peakRss / 1048576),
      peakHeapMb: Math.round(peakHeap / 1048576),
    };
    process.stdout.write(`\n${RESULT_MARK}${JSON.stringify(result)}\n`);
  } finally {
    clearInterval(sampler);
    server.close();
    await shortline.stop();
  }
}

/** The generated file, about 64 KB of lines at a time. */
function* lines(rows: number): Generator<string> {
  yield 'slug,url,title,tags,clicks\n';
  let piece = '';
  for (let i = 0; i < rows; i++) {
    piece += `b${rows}-${i},https://example.com/articles/${i}?ref=import,Article number ${i},"bench,size-${rows}",${i % 1000}\n`;
    if (piece.length > 65536) {
      yield piece;
      piece = '';
    }
  }
  if (piece) yield piece;
}

function upload(port: number, apiKey: string, rows: number): Promise<{ id: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    const req = http.request(
      { port, method: 'POST', path: '/v1/imports?format=csv', headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'text/csv' } },
      (res) => {
        let body = '';
        res.on('data', (data: Buffer) => (body += data.toString()));
        res.on('end', () => (res.statusCode === 202 ? resolve({ id: (JSON.parse(body) as { id: string }).id, bytes }) : reject(new Error(body))));
      },
    );
    req.on('error', reject);
    const source = Readable.from(lines(rows));
    source.on('data', (piece: string) => (bytes += Buffer.byteLength(piece)));
    source.pipe(req);
  });
}

function getJson<T>(port: number, apiKey: string, path: string): Promise<T> {
  return new Promise((resolve, reject) => {
    http
      .get({ port, path, headers: { Authorization: `Bearer ${apiKey}` } }, (res) => {
        let body = '';
        res.on('data', (data: Buffer) => (body += data.toString()));
        res.on('end', () => resolve(JSON.parse(body) as T));
      })
      .on('error', reject);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildWeb, type WebManifest } from '../../scripts/web/build';

/**
 * The dashboard's first page load — the entry script and the chunks it
 * imports statically — transfers less than 200 KB of JavaScript, counted
 * gzip-compressed (brotli, which browsers prefer, is smaller still).
 */
const BUDGET_BYTES = 200 * 1024;

let scratch: string;
let manifest: WebManifest;
beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'shortline-web-'));
  manifest = await buildWeb({ outDir: path.join(scratch, 'web') });
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it('loads less than 200 KB of compressed JavaScript on the first page', () => {
  const scripts = manifest.initial.filter((file) => file.endsWith('.js'));
  expect(scripts).toContain(manifest.entry);
  const gzip = scripts.reduce((sum, file) => sum + manifest.files[file].gzip, 0);
  const br = scripts.reduce((sum, file) => sum + manifest.files[file].br, 0);
  expect(br).toBeLessThanOrEqual(gzip);
  expect(gzip).toBeLessThan(BUDGET_BYTES);
});

it('names every asset by its content, so it can be kept for good', () => {
  for (const file of Object.keys(manifest.files)) expect(file).toMatch(/^assets\/[\w-]+\.[A-Z0-9]{8}\.(js|css)$/);
});

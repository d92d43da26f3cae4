import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, context, type BuildOptions, type Metafile, type OutputFile } from 'esbuild';

/**
 * The web dashboard's build (`npm run build`, and `npm run dev` in watch
 * mode): esbuild bundles web/src into dist/web — content-hashed assets, each
 * with a `.br` and a `.gz` beside it so the server never compresses on a
 * request, the HTML shell that loads them, and manifest.json, which the
 * server and the size budget's test read. uPlot is split into a chunk of
 * its own, loaded when a chart first shows.
 */

const ROOT = path.join(__dirname, '..', '..');
export const WEB_DIR = path.join(ROOT, 'dist', 'web');
/** Where the server serves the dashboard; the shell names its assets under it. */
const BASE = '/app/';

export interface WebManifest {
  /** The shell's script, relative to the build directory. */
  entry: string;
  styles: string[];
  /** The scripts the first page load fetches: the entry and the chunks it imports statically. */
  initial: string[];
  /** Every asset with its size as served: raw, gzip and brotli bytes. */
  files: Record<string, { bytes: number; gzip: number; br: number }>;
}

export interface WebBuildOptions {
  outDir?: string;
  /** Production: minified, no source maps. Development: readable, with source maps. */
  production?: boolean;
}

function esbuildOptions(production: boolean): BuildOptions & { metafile: true; write: false } {
  return {
    entryPoints: { main: path.join(ROOT, 'web', 'src', 'main.tsx') },
    tsconfig: path.join(ROOT, 'web', 'tsconfig.json'),
    bundle: true,
    splitting: true,
    format: 'esm',
    target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
    // Outputs are named `assets/<name>.<hash>.js` relative to ROOT, in the metafile as in the manifest.
    absWorkingDir: ROOT,
    outdir: 'assets',
    entryNames: '[name].[hash]',
    chunkNames: 'chunk.[hash]',
    assetNames: '[name].[hash]',
    minify: production,
    sourcemap: production ? false : 'linked',
    define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
    metafile: true,
    write: false,
    logLevel: 'silent',
  };
}

/** Builds the dashboard once into `outDir` (dist/web), replacing what was there. */
export async function buildWeb(options: WebBuildOptions = {}): Promise<WebManifest> {
  const outDir = options.outDir ?? WEB_DIR;
  const result = await build(esbuildOptions(options.production ?? true));
  return writeBuild(outDir, result.outputFiles, result.metafile);
}

/** Rebuilds the dashboard into `outDir` on every change under web/, until disposed. */
export async function watchWeb(options: WebBuildOptions & { onBuild(error: Error | undefined): void }): Promise<{ dispose(): Promise<void> }> {
  const outDir = options.outDir ?? WEB_DIR;
  const ctx = await context({
    ...esbuildOptions(options.production ?? false),
    plugins: [
      {
        name: 'write-dashboard',
        setup(build) {
          build.onEnd((result) => {
            if (result.errors.length > 0) return options.onBuild(new Error(result.errors.map((e) => e.text).join('\n')));
            try {
              writeBuild(outDir, result.outputFiles ?? [], result.metafile!);
              options.onBuild(undefined);
            } catch (error) {
              options.onBuild(error as Error);
            }
          });
        },
      },
    ],
  });
  await ctx.watch();
  return { dispose: () => ctx.dispose() };
}

function writeBuild(outDir: string, outputs: readonly OutputFile[], metafile: Metafile): WebManifest {
  const relative = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');
  const files: WebManifest['files'] = {};
  // Written to a fresh directory, then swapped in, so a server never reads half a build
  // (for the instant between the two steps it finds none, and says the dashboard is not built).
  const staging = `${outDir}.next`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(path.join(staging, 'assets'), { recursive: true });
  for (const output of outputs) {
    const name = relative(output.path);
    const gzip = gzipSync(output.contents, { level: 9 });
    const br = brotliCompressSync(output.contents, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    writeFileSync(path.join(staging, name), output.contents);
    writeFileSync(path.join(staging, `${name}.gz`), gzip);
    writeFileSync(path.join(staging, `${name}.br`), br);
    files[name] = { bytes: output.contents.length, gzip: gzip.length, br: br.length };
  }
  const [entry, meta] = Object.entries(metafile.outputs).find(([, output]) => output.entryPoint !== undefined)!;
  const manifest: WebManifest = {
    entry,
    styles: meta.cssBundle === undefined ? [] : [meta.cssBundle],
    initial: staticImports(metafile, entry),
    files,
  };
  writeFileSync(path.join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(path.join(staging, 'index.html'), shell(manifest));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(path.dirname(outDir), { recursive: true });
  renameSync(staging, outDir);
  return manifest;
}

/** The entry and every chunk it reaches through static imports: what a first load fetches. */
function staticImports(metafile: Metafile, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of metafile.outputs[file]?.imports ?? [])
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(entry);
  return [...seen];
}

function shell(manifest: WebManifest): string {
  const template = readFileSync(path.join(ROOT, 'web', 'index.html'), 'utf8');
  const tags = [
    ...manifest.styles.map((file) => `<link rel="stylesheet" href="${BASE}${file}">`),
    ...manifest.initial.slice(1).map((file) => `<link rel="modulepreload" href="${BASE}${file}">`),
    `<script type="module" src="${BASE}${manifest.entry}"></script>`,
  ];
  return template.replace('<!-- assets -->', tags.join('\n    '));
}

if (require.main === module) {
  const watch = process.argv.includes('--watch');
  if (watch) {
    void watchWeb({
      onBuild: (error) => console.log(error ? `dashboard build failed:\n${error.message}` : `dashboard built into ${path.relative(ROOT, WEB_DIR)}`),
    });
  } else {
    buildWeb().then(
      (manifest) => {
        const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
        const first = manifest.initial.reduce((sum, file) => sum + manifest.files[file].br, 0);
        console.log(`dashboard built into ${path.relative(ROOT, WEB_DIR)}: first load ${kb(first)} of JavaScript (brotli)`);
      },
      (error: unknown) => {
        console.error(`dashboard build failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  }
}

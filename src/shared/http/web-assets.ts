import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * A web app's build as the server holds it: the HTML shell and every asset
 * with its precompressed copies (`.br`, `.gz`, written by the build), in
 * memory — a few hundred kilobytes. manifest.json says what the build holds;
 * when it changes on disk (a rebuild by `npm run dev`) the next request
 * reads the new build.
 */

export type Encoding = 'br' | 'gzip' | 'identity';

export interface WebAsset {
  type: string;
  bodies: Record<Encoding, Buffer>;
}

export interface WebBuild {
  shell: Buffer;
  /** By path under the build directory: `assets/main.1A2B3C4D.js`. */
  assets: ReadonlyMap<string, WebAsset>;
}

interface Manifest {
  files: Record<string, unknown>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** The build in `directory`, read again when its manifest changed; undefined while there is none. */
export function webBuildIn(directory: string): () => WebBuild | undefined {
  const manifestFile = path.join(directory, 'manifest.json');
  let loaded: { version: number; build: WebBuild } | undefined;
  return () => {
    // One stat per request: cheap next to a response, and it lets a rebuild show without a restart.
    const version = statSync(manifestFile, { throwIfNoEntry: false })?.mtimeMs;
    if (version === undefined) return undefined;
    if (loaded?.version !== version) {
      try {
        loaded = { version, build: readBuild(directory, manifestFile) };
      } catch {
        // Caught mid-rebuild (files swapped under us): the next request reads it whole.
        return loaded?.build;
      }
    }
    return loaded.build;
  };
}

function readBuild(directory: string, manifestFile: string): WebBuild {
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const assets = new Map<string, WebAsset>();
  for (const name of Object.keys(manifest.files)) {
    const file = path.join(directory, name);
    assets.set(name, {
      type: TYPES[path.extname(name)] ?? 'application/octet-stream',
      bodies: { identity: readFileSync(file), gzip: readFileSync(`${file}.gz`), br: readFileSync(`${file}.br`) },
    });
  }
  return { shell: readFileSync(path.join(directory, 'index.html')), assets };
}

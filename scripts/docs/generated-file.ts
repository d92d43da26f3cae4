import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes a generated file, or with --check only compares: a committed file
 * that differs from what its generator writes fails CI, so a reference
 * cannot drift from the declarations it is made from.
 */
export function writeGenerated(relativePath: string, content: string, command: string): boolean {
  const file = path.join(__dirname, '..', '..', relativePath);
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(file, 'utf8');
    } catch {
      // A missing file differs like any other.
    }
    if (committed === content) return true;
    console.error(`${relativePath} is out of date: run \`${command}\` and commit the result.`);
    return false;
  }
  writeFileSync(file, content);
  console.log(`wrote ${relativePath}`);
  return true;
}

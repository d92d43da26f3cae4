import { readFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';
import { writeGenerated } from './generated-file';

/**
 * `npm run docs:api-types`: docs/api/openapi.d.ts, the TypeScript types of
 * docs/api/openapi.json (openapi-typescript): the one copy of the API's
 * types, which both of its clients in this repository — the load tool and
 * the web dashboard — type their requests and answers with. `--check` fails when the committed
 * file differs from what the committed document makes; `npm run docs:check`
 * checks that document against the code first.
 */
const COMMAND = 'npm run docs:api-types';
const TARGET = 'docs/api/openapi.d.ts';
const ROOT = path.join(__dirname, '..', '..');

async function main(): Promise<void> {
  const document = JSON.parse(readFileSync(path.join(ROOT, 'docs/api/openapi.json'), 'utf8')) as OpenAPI3;
  const types = astToString(await openapiTS(document));
  const header = `// Generated from docs/api/openapi.json by \`${COMMAND}\`: do not edit.\n\n`;
  const file = path.join(ROOT, TARGET);
  const content = await format(header + types, { ...(await resolveConfig(file)), filepath: file });
  if (!writeGenerated(TARGET, content, COMMAND)) process.exit(1);
}

void main();

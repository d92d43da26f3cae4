import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import type { Knex } from 'knex';
import type { Cell } from '../cell';
import { cursorBatches } from '../../shared/db/cursor';
import type { PortableData } from '../../shared/module';

/**
 * A workspace in one file, to move it to another installation
 * (`workspace:export` / `workspace:import`, docs/adr/0018-portable-workspaces.md).
 * NDJSON, gzip-compressed when the name ends in .gz:
 *
 *   {"format":"shortline-workspace","version":1,"workspaceId":…,"exportedAt":…,"modules":[…]}
 *   {"module":"links","table":"links.links","row":{…}}        one per row, each module's tables in its order
 *   {"end":true,"rows":N}                                      a file without it was cut short
 *
 * Every module writes and reads only its own tables (ModuleInstance.portable);
 * this file only composes them. Rows keep their ids (UUIDs, made at random), so
 * nothing is renumbered: a workspace imports once into an installation.
 */
export const WORKSPACE_FILE_FORMAT = 'shortline-workspace';
export const WORKSPACE_FILE_VERSION = 1;

export class WorkspaceFileError extends Error {}

interface Header {
  format: string;
  version: number;
  workspaceId: string;
  exportedAt: string;
  modules: string[];
}

const ROW_LINE = /^\{"module":"([a-z_]+)","table":"([a-z_]+\.[a-z_]+)","row":(.*)\}$/;
const IMPORT_BATCH = 500;

function portables(cell: Cell): [string, PortableData][] {
  return cell.modules.flatMap(({ definition, instance }) =>
    instance.portable ? [[definition.name, instance.portable] as [string, PortableData]] : [],
  );
}

/** Writes the workspace to `path`; returns rows by table. Clicks still buffered are written and rolled up first. */
export async function exportWorkspace(cell: Cell, workspaceId: string, path: string): Promise<Record<string, number>> {
  const identity = cell.apis.find('identity');
  if (!identity) throw new WorkspaceFileError('workspace:export needs the identity module');
  if (!(await identity.findWorkspace(workspaceId))) throw new WorkspaceFileError(`No workspace has the id ${workspaceId}`);
  await cell.apis.find('analytics')?.flushClicks();
  await cell.apis.find('analytics')?.rollUp();
  const modules = portables(cell);
  const file = createWriteStream(path, { mode: 0o600 });
  const gzip = path.endsWith('.gz') ? createGzip() : undefined;
  gzip?.pipe(file);
  const out: Writable = gzip ?? file;
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  const counts: Record<string, number> = {};
  let total = 0;
  const header: Header = {
    format: WORKSPACE_FILE_FORMAT,
    version: WORKSPACE_FILE_VERSION,
    workspaceId,
    exportedAt: new Date().toISOString(),
    modules: modules.map(([name]) => name),
  };
  try {
    await write(JSON.stringify(header));
    for (const [module, portable] of modules) {
      const db = cell.db.forModule(module);
      for (const { table, key = 'workspace_id', redact } of portable.tables) {
        counts[table] = 0;
        // PostgreSQL writes each row's JSON: bigints, timestamps and bytea keep their exact values.
        const query = {
          sql: `select (to_jsonb(t) || ?::jsonb)::text as row from ${quoted(table)} t where ?? = ?`,
          bindings: [JSON.stringify(redact ?? {}), key, workspaceId],
        };
        for await (const rows of cursorBatches<{ row: string }>(db, query, { size: 1000 })) {
          for (const { row } of rows) await write(`{"module":${JSON.stringify(module)},"table":${JSON.stringify(table)},"row":${row}}`);
          counts[table] += rows.length;
          total += rows.length;
        }
      }
    }
    await write(JSON.stringify({ end: true, rows: total }));
  } finally {
    out.end();
    await finished(file);
  }
  return counts;
}

export interface ImportReport {
  workspaceId: string;
  rows: Record<string, number>;
  /** What the modules said the operator must know (new webhook secrets). */
  notes: string[];
}

/** Reads a workspace file into this installation, all in one transaction: any failure leaves nothing behind. */
export async function importWorkspace(cell: Cell, path: string, { sharded }: { sharded: boolean }): Promise<ImportReport> {
  if (sharded)
    throw new WorkspaceFileError(
      'workspace:import writes to an installation without SHARDS; import there, then move the workspace with workspace:move',
    );
  const identity = cell.apis.find('identity');
  if (!identity) throw new WorkspaceFileError('workspace:import needs the identity module');
  const lines = createInterface({ input: await openFile(path), crlfDelay: Infinity })[Symbol.asyncIterator]();
  const first = await lines.next();
  const header = first.done ? undefined : parseHeader(first.value);
  if (!header) throw new WorkspaceFileError(`${path} is not a Shortline workspace file (its first line must be a "${WORKSPACE_FILE_FORMAT}" header)`);
  if (header.version > WORKSPACE_FILE_VERSION) {
    throw new WorkspaceFileError(`${path} is of version ${header.version}; this Shortline reads version ${WORKSPACE_FILE_VERSION}: upgrade it first`);
  }
  if (await identity.findWorkspace(header.workspaceId)) {
    throw new WorkspaceFileError(
      `Workspace ${header.workspaceId} exists in this installation already; a workspace file imports once (delete the workspace first to import it again)`,
    );
  }
  const modules = new Map(portables(cell));
  const missing = header.modules.filter((name) => !modules.has(name));
  if (missing.length > 0)
    throw new WorkspaceFileError(`${path} holds data of modules this installation does not run: ${missing.join(', ')} (check MODULES)`);

  const rows: Record<string, number> = {};
  const notes: string[] = [];
  await cell.db.platform
    .transaction(async (trx) => {
      let current: { module: string; table: string; rows: string[] } | undefined;
      const done = new Set<string>();
      const flush = async () => {
        if (!current || current.rows.length === 0) return;
        const json = `[${current.rows.join(',')}]`;
        await modules.get(current.module)!.beforeImport?.(trx, current.table, json);
        await insertRows(trx, current.table, json);
        rows[current.table] = (rows[current.table] ?? 0) + current.rows.length;
        current.rows = [];
      };
      const finishModule = async (module: string) => {
        const said = await modules.get(module)!.afterImport?.(trx, header.workspaceId);
        if (said) notes.push(...said);
        done.add(module);
      };
      let end: { rows: number } | undefined;
      for (let next = await lines.next(); !next.done; next = await lines.next()) {
        const line = next.value;
        if (line === '') continue;
        if (end) throw new WorkspaceFileError(`${path} goes on after its end line`);
        const match = ROW_LINE.exec(line);
        if (!match) {
          end = parseEnd(line);
          if (!end) throw new WorkspaceFileError(`${path} has a line that is neither a row nor the end: ${line.slice(0, 80)}`);
          continue;
        }
        const [, module, table, row] = match;
        const portable = modules.get(module);
        if (!portable?.tables.some((t) => t.table === table) || !header.modules.includes(module)) {
          throw new WorkspaceFileError(`${path} has a row of ${table}, which module ${module} does not import`);
        }
        if (current?.module !== module || current.table !== table) {
          await flush();
          if (current && current.module !== module) await finishModule(current.module);
          if (done.has(module)) throw new WorkspaceFileError(`${path} has rows of module ${module} apart: is it a Shortline workspace file?`);
          current = { module, table, rows: [] };
        }
        current.rows.push(row);
        if (current.rows.length >= IMPORT_BATCH) await flush();
      }
      await flush();
      if (current) await finishModule(current.module);
      for (const module of header.modules) if (!done.has(module)) await finishModule(module);
      const total = Object.values(rows).reduce((sum, n) => sum + n, 0);
      if (!end) throw new WorkspaceFileError(`${path} was cut short (no end line); nothing was imported`);
      if (end.rows !== total) throw new WorkspaceFileError(`${path} says it holds ${end.rows} rows, but ${total} were read; nothing was imported`);
    })
    .catch((error: unknown) => {
      const e = error as { code?: string; detail?: string; table?: string };
      // A unique key this installation holds already (a custom domain's hostname, an id).
      if (e.code === '23505')
        throw new WorkspaceFileError(
          `This installation already has data the workspace brings (${e.table ?? 'a table'}: ${e.detail ?? 'a duplicate key'}); nothing was imported`,
        );
      throw error;
    });
  return { workspaceId: header.workspaceId, rows, notes };
}

/** Identity columns (webhooks' pending click seq) keep their values; the sequence then moves past them. */
async function insertRows(trx: Knex, table: string, json: string): Promise<void> {
  await trx.raw(`insert into ${quoted(table)} overriding system value select * from json_populate_recordset(null::${quoted(table)}, ?::json)`, [
    json,
  ]);
  const { rows } = await trx.raw<{ rows: { column: string }[] }>(
    "select attname as column from pg_attribute where attrelid = ?::regclass and attidentity <> '' and not attisdropped",
    [quoted(table)],
  );
  for (const { column } of rows) {
    await trx.raw(
      `select setval(pg_get_serial_sequence(?, ?), greatest((select max(??) from ${quoted(table)}), nextval(pg_get_serial_sequence(?, ?))))`,
      [quoted(table), column, column, quoted(table), column],
    );
  }
}

async function openFile(path: string): Promise<NodeJS.ReadableStream> {
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new WorkspaceFileError(`Cannot read ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  const magic = Buffer.alloc(2);
  await handle.read(magic, 0, 2, 0);
  await handle.close();
  const input = createReadStream(path);
  // gzip by its magic bytes, whatever the name.
  return magic[0] === 0x1f && magic[1] === 0x8b ? input.pipe(createGunzip()) : input;
}

function parseHeader(line: string): Header | undefined {
  try {
    const value = JSON.parse(line) as Partial<Header>;
    const ok =
      value.format === WORKSPACE_FILE_FORMAT &&
      Number.isInteger(value.version) &&
      typeof value.workspaceId === 'string' &&
      /^[0-9a-f-]{36}$/i.test(value.workspaceId) &&
      Array.isArray(value.modules) &&
      value.modules.every((m) => typeof m === 'string');
    return ok ? (value as Header) : undefined;
  } catch {
    return undefined;
  }
}

function parseEnd(line: string): { rows: number } | undefined {
  try {
    const value = JSON.parse(line) as { end?: unknown; rows?: unknown };
    return value.end === true && Number.isInteger(value.rows) ? { rows: value.rows as number } : undefined;
  } catch {
    return undefined;
  }
}

/** `schema.table` as a quoted identifier. */
function quoted(table: string): string {
  return table
    .split('.')
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join('.');
}

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { stringify, type Options } from 'csv-stringify/sync';
import { Counter } from 'prom-client';
import { z } from 'zod';
import type { Logger } from '../logging';
import type { Metrics } from '../metrics';

/**
 * Streaming a large answer as CSV or NDJSON with constant memory: rows come
 * in batches (a cursor, src/shared/db/cursor.ts), each batch is written only
 * when the client has taken the last one (stream backpressure), and a client
 * that goes away stops the query. Once the first bytes are sent the status is
 * 200 for good: an error after that ends the response without its final chunk,
 * so the client sees a truncated transfer rather than a short file it trusts.
 */

export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const MEDIA_TYPES: Record<ExportFormat, string> = { csv: 'text/csv', ndjson: 'application/x-ndjson' };

/** The `format` query parameter of an export. */
export const exportFormatQuery = z
  .enum(EXPORT_FORMATS, { message: 'must be csv or ndjson' })
  .default('csv')
  .meta({ description: 'csv (text/csv, with a header line) or ndjson (application/x-ndjson: one JSON object per line)', example: 'csv' });

/** The documented 200 of an export: its two media types, each a text whose lines `line` describes. */
export function exportResponse(description: string, ndjsonLine: string) {
  return {
    description,
    headers: { 'Content-Disposition': 'attachment, with a file name' },
    media: {
      'text/csv': z.string().meta({ description: 'CSV with a header line (RFC 4180 quoting; lines end in LF); see the operation for the columns' }),
      'application/x-ndjson': z.string().meta({ description: `One JSON object per line: ${ndjsonLine}` }),
    },
  };
}

export interface ExportSpec<T> {
  /** What is exported, for `shortline_export_rows_total{kind}`. */
  kind: string;
  /** The download's name, without extension. */
  filename: string;
  /** The CSV header line, in order. */
  columns: readonly string[];
  /** One CSV line's cells, in the order of `columns`; null is an empty cell. */
  csv(item: T): (string | number | boolean | null)[];
  /** One NDJSON line's object. */
  json(item: T): unknown;
  batches: AsyncIterable<readonly T[]>;
}

const CSV_FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
 * return before one) as a formula, which a link's title or tag could carry
 * (CSV injection). Such a cell gets a leading apostrophe, which spreadsheets
 * hide and treat as "text"; a Shortline import removes it again (a cell
 * starting with an apostrophe followed by one of those characters).
 */
export function neutraliseFormula(cell: string): string {
  return CSV_FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export async function sendExport<T>(res: Response, format: ExportFormat, spec: ExportSpec<T>, metrics: Metrics, logger: Logger): Promise<void> {
  const rows = exportedRows(metrics).labels(spec.kind);
  const encode =
    format === 'csv' ? (batch: readonly T[]) => stringify(batch.map(spec.csv), CSV_OPTIONS) : (batch: readonly T[]) => ndjson(batch, spec.json);
  // One chunk per batch (not per row: a stream's cost is per chunk). Not in object mode, so the
  // stream holds about one chunk ahead of the socket and asks for the next batch only then.
  const chunks = Readable.from(
    (async function* () {
      if (format === 'csv') yield `${spec.columns.join(',')}\n`;
      for await (const batch of spec.batches) {
        yield encode(batch);
        rows.inc(batch.length);
      }
    })(),
    { objectMode: false },
  );
  res.status(200);
  // attachment() sets a type from the file's extension, which knows no .ndjson: the type after it.
  res.attachment(`${spec.filename}.${format}`);
  res.type(MEDIA_TYPES[format]);
  res.setHeader('Cache-Control', 'no-store');
  try {
    await pipeline(chunks, res);
  } catch (error) {
    // The client went away (pipeline destroyed the rows' iterator, which closed the cursor), or the query failed midway.
    if (!res.writableFinished && (error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE')
      logger.warn('export stopped before its end', { kind: spec.kind, error: (error as Error).message });
    res.destroy();
  }
}

/**
 * Every text cell quoted (tags, a comma-separated list, among them): empty text ("") and no value (an empty cell)
 * stay apart. The header is written apart: quoted_string would quote its names too.
 */
const CSV_OPTIONS: Options = {
  quoted_string: true,
  cast: { string: neutraliseFormula, boolean: (value) => String(value), date: (value) => value.toISOString() },
};

function ndjson<T>(batch: readonly T[], json: (item: T) => unknown): string {
  let text = '';
  for (const item of batch) text += `${JSON.stringify(json(item))}\n`;
  return text;
}

/** Rows streamed by exports, by kind; made once per registry, whichever module asks first. */
export function exportedRows(metrics: Metrics): Counter<'kind'> {
  const name = 'shortline_export_rows_total';
  return (
    (metrics.registry.getSingleMetric(name) as Counter<'kind'> | undefined) ??
    new Counter({ name, help: 'Rows streamed by exports (CSV and NDJSON downloads), by kind', labelNames: ['kind'], registers: [metrics.registry] })
  );
}

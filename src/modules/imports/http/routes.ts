import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import express, { type Request, type Router } from 'express';
import { Invalid } from '../../../shared/errors';
import type { CallerAuth } from '../../../shared/http/auth';
import { PayloadTooLarge, UnsupportedMediaType } from '../../../shared/http/errors';
import { operation } from '../../../shared/http/operation';
import { route } from '../../../shared/http/route';
import type { Principal } from '../../identity';
import { READERS } from '../formats/formats';
import type { ImportsService } from '../service';
import type { Format, Media } from '../types';
import { listQuery, runPageSchema, runSchema, runWithFailuresSchema, startQuery } from './schemas';

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain'];

/** The imports API: POST /v1/imports (scope links:write: an import creates links), GET /v1/imports[/:id] (links:read). */
export function importsRouter(service: ImportsService, auth: CallerAuth<Principal>, maxUploadBytes: number): Router {
  const router = express.Router();
  const tag = 'imports';
  const workspace = (res: express.Response) => auth.principalOf(res).workspaceId;

  route(router, '/v1/imports', {
    post: operation(
      {
        tag,
        summary: 'Start an import',
        description:
          "Uploads another platform's export (or Shortline's own) as the request body and queues its import; the answer comes once the file is stored, before any link is made. Follow the run at `GET /v1/imports/{id}`. Rows the workspace already has (same slug and target) are skipped, so the same file imported twice creates nothing the second time. See docs/imports.md for each format.",
        guard: auth.requireScope('links:write'),
        query: startQuery,
        upload: {
          media: {
            'text/csv': 'A CSV file with a header row (formats shortline, csv, shlink, yourls, bitly)',
            'application/json': 'A JSON export (formats kutt, shlink, bitly)',
          },
          limit: `IMPORTS_MAX_UPLOAD (${maxUploadBytes} bytes here, uncompressed: the body may be sent with Content-Encoding gzip, deflate or br)`,
        },
        responses: { 202: { description: 'The file is stored and its import queued', schema: runSchema, headers: { Location: 'The import run' } } },
        problems: { 400: 'The query is not valid (`errors` names each field), or the body is empty' },
      },
      async ({ query }, req, res) => {
        const media = mediaOf(req, query.format);
        const body = decoded(req);
        const declared = Number(req.headers['content-length'] ?? 0);
        if (body === req && declared > maxUploadBytes) throw tooLarge(maxUploadBytes);
        const run = await service.start(
          workspace(res),
          { format: query.format, onConflict: query.onConflict, mapping: query.mapping ?? null, media },
          limited(body, maxUploadBytes),
        );
        res.status(202).location(`/v1/imports/${run.id}`).json(run);
      },
    ),
    get: operation(
      {
        tag,
        summary: 'List imports',
        description: "The workspace's import runs, newest first.",
        guard: auth.requireScope('links:read'),
        query: listQuery,
        responses: { 200: { description: 'A page of import runs', schema: runPageSchema } },
      },
      async ({ query }, _req, res) => void res.json(await service.list(workspace(res), query)),
    ),
  });

  route(router, '/v1/imports/:id', {
    get: operation(
      {
        tag,
        summary: 'Get an import',
        description: 'The run with its counts so far and its first 1000 failed rows, each with its row number and reason.',
        guard: auth.requireScope('links:read'),
        ids: { id: 'Import' },
        responses: { 200: { description: 'The import run', schema: runWithFailuresSchema } },
      },
      async (_input, req, res) => void res.json(await service.get(workspace(res), String(req.params.id))),
    ),
  });
  return router;
}

/** Whether the body is CSV or JSON, by its Content-Type, and one the format can be. */
function mediaOf(req: Request, format: Format): Media {
  const media: Media | undefined = req.is(CSV_TYPES) ? 'csv' : req.is(['application/json']) ? 'json' : undefined;
  const accepted = READERS[format].media;
  if (media === undefined || !accepted.includes(media)) {
    const types = accepted.map((m) => (m === 'csv' ? 'text/csv' : 'application/json')).join(' or ');
    throw new UnsupportedMediaType(`Format ${format} is sent as ${types}`);
  }
  return media;
}

function tooLarge(max: number): PayloadTooLarge {
  return new PayloadTooLarge(`The file exceeds ${max} bytes (IMPORTS_MAX_UPLOAD)`);
}

const DECOMPRESSORS: Record<string, () => zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress> = {
  gzip: () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

/** The body as sent, or decompressed as its Content-Encoding says (a large export compresses about tenfold). */
function decoded(req: Request): Readable {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity') return req;
  const decompress = DECOMPRESSORS[encoding];
  if (!decompress) throw new UnsupportedMediaType(`Content-Encoding ${encoding} is not supported: send gzip, deflate, br or none`);
  const decompressing = decompress();
  // A corrupt body's error reaches the reader from the stream itself (a 400), even when it comes before the reader
  // starts; this listener only keeps it from also being thrown as an unhandled 'error' event, which would end the process.
  decompressing.on('error', () => {});
  return req.pipe(decompressing);
}

/** The body, refused past `max` bytes (after decompression) whatever Content-Length said; a corrupt compressed body is a 400. */
async function* limited(body: Readable, max: number): AsyncGenerator<Buffer> {
  let bytes = 0;
  try {
    for await (const piece of body as AsyncIterable<Buffer>) {
      bytes += piece.length;
      if (bytes > max) throw tooLarge(max);
      yield piece;
    }
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('Z_') || (error as { code?: string }).code?.startsWith('ERR__')) {
      throw new Invalid('The body could not be decompressed: it is corrupt or truncated for its Content-Encoding', [
        { field: 'body', message: 'must be complete and valid for its Content-Encoding' },
      ]);
    }
    throw error;
  }
}

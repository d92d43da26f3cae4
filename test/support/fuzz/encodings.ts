import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';

/**
 * What can go wrong with a body on the wire, whatever its fields: a Content-Type
 * the operation does not take, a charset it cannot read, a Content-Encoding
 * (gzip, deflate, br, one no one knows, a truncated stream), bytes that are
 * not UTF-8, JSON that does not parse. Each names its verdict as BadValue does.
 */
export interface RawBody {
  what: string;
  headers: Record<string, string>;
  body: Buffer;
  refused: 'must' | 'may';
}

const JSON_TYPE = 'application/json';

let zeros: Buffer | undefined;
/** 50 MB of zeros, gzipped to 50 KB: made once, when first drawn. */
const bomb = () => (zeros ??= gzipSync(Buffer.alloc(50 * 1024 * 1024)));

/** A well-formed body (its JSON text) sent oddly. */
export function oddEncoding(json: string, contentType = JSON_TYPE): fc.Arbitrary<RawBody> {
  const bytes = Buffer.from(json, 'utf8');
  const raw = (what: string, headers: Record<string, string>, body: Buffer, refused: 'must' | 'may'): RawBody => ({ what, headers, body, refused });
  return fc.oneof(
    fc
      .constantFrom(
        'text/plain',
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/octet-stream',
        'application/x-www-form-urlencoded',
        'json',
        '*/*',
      )
      .map((type) => raw(`Content-Type ${type}`, { 'Content-Type': type }, bytes, type === contentType ? 'may' : 'must')),
    fc.constant(raw('no Content-Type', {}, bytes, 'must')),
    fc
      .constantFrom('latin1', 'iso-8859-1', 'utf-16', 'koi8-r', 'nope')
      .map((charset) => raw(`charset=${charset}`, { 'Content-Type': `${contentType}; charset=${charset}` }, bytes, 'may')),
    fc
      .constantFrom('application/vnd.shortline+json', 'APPLICATION/JSON', 'application/json;charset=UTF-8')
      .map((type) => raw(`Content-Type ${type}`, { 'Content-Type': type }, bytes, 'may')),
    fc
      .constantFrom<[string, (b: Buffer) => Buffer]>(['gzip', gzipSync], ['deflate', deflateSync], ['br', brotliCompressSync], ['identity', (b) => b])
      .map(([encoding, compress]) =>
        raw(`Content-Encoding ${encoding}`, { 'Content-Type': contentType, 'Content-Encoding': encoding }, compress(bytes), 'may'),
      ),
    fc
      .constantFrom('zstd', 'compress', 'x-nope', 'gzip, br')
      .map((encoding) =>
        raw(`Content-Encoding ${encoding} (not applied)`, { 'Content-Type': contentType, 'Content-Encoding': encoding }, bytes, 'must'),
      ),
    fc
      .constantFrom('gzip', 'deflate', 'br')
      .map((encoding) =>
        raw(`Content-Encoding ${encoding} over plain bytes`, { 'Content-Type': contentType, 'Content-Encoding': encoding }, bytes, 'must'),
      ),
    fc.integer({ min: 1, max: 20 }).map((cut) => {
      const gz = gzipSync(bytes);
      return raw(
        `a gzip body truncated by ${cut} bytes`,
        { 'Content-Type': contentType, 'Content-Encoding': 'gzip' },
        gz.subarray(0, Math.max(1, gz.length - cut)),
        'must',
      );
    }),
    fc.constant(null).map(() => raw('a gzip bomb of 50 MB of zeros', { 'Content-Type': contentType, 'Content-Encoding': 'gzip' }, bomb(), 'must')),
  );
}

/** Bytes that are not the JSON a body should be. */
export function malformedJson(json: string, contentType = JSON_TYPE): fc.Arbitrary<RawBody> {
  const headers = { 'Content-Type': contentType };
  const raw = (what: string, text: string | Buffer, refused: 'must' | 'may' = 'must'): RawBody => ({
    what,
    headers,
    body: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'),
    refused,
  });
  return fc.oneof(
    fc.integer({ min: 1, max: Math.max(1, json.length - 1) }).map((cut) => raw(`JSON cut after ${cut} characters`, json.slice(0, cut))),
    fc
      .constantFrom('{', '}', '{"a":}', "{'a':1}", '{"a":1,}', '[1,2', 'nul', '{"a":01}', '{"a":"\\x41"}', '{"a":"\\u12"}', '\u0000', '{}}')
      .map((text) => raw(`malformed JSON ${JSON.stringify(text)}`, text)),
    fc.constant(raw('JSON with trailing garbage', `${json}garbage`)),
    fc.constant(raw('an empty body', '')),
    fc.constant(raw('a byte-order mark before the JSON', `\uFEFF${json}`, 'may')),
    fc.constantFrom('[]', '"text"', '42', 'null', 'true', '[{}]').map((text) => raw(`a JSON ${text} instead of an object`, text)),
    fc
      .constantFrom(
        Buffer.from([0xff, 0xfe]),
        Buffer.from([0xc3, 0x28]),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]),
      )
      .map((bytes) =>
        raw(`invalid UTF-8 bytes ${bytes.toString('hex')} inside a string`, Buffer.concat([Buffer.from('{"x":"'), bytes, Buffer.from('"}')]), 'may'),
      ),
    fc.constant(raw('deeply nested JSON', '['.repeat(5000) + ']'.repeat(5000))),
    fc.constant(raw('a __proto__ key', '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}')),
  );
}

import { constants, crc32, deflateSync } from 'node:zlib';

/**
 * Writing a PNG file (RFC 2083) from scanlines that are already filtered:
 * the signature, IHDR, the palette when there is one, IDAT (zlib's deflate)
 * and IEND, each chunk with its CRC. The renderer (render.ts) writes its
 * scanlines itself because a QR code needs so little: two colours are a
 * 1-bit palette, an eighth of a byte a pixel, and a row of pixels that
 * repeats the one above is filtered to zeros. pngjs's encoder, which takes
 * 8-bit RGBA and filters every byte in JavaScript, took about 270 ms for a
 * code of 2048 pixels (docs/PERFORMANCE.md); this takes a few.
 */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Scanline filter types (the first byte of each scanline). */
export const FILTER_SUB = 1;
export const FILTER_UP = 2;

export type PngPixels =
  /** Indices into `palette` (RGBA each), `bitDepth` bits a pixel. */
  | { kind: 'palette'; bitDepth: 1 | 8; palette: readonly (readonly [number, number, number, number])[] }
  /** 8-bit RGB, or RGBA with `alpha`. */
  | { kind: 'truecolour'; alpha: boolean };

export function pngFile(width: number, height: number, pixels: PngPixels, scanlines: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = pixels.kind === 'palette' ? pixels.bitDepth : 8;
  header[9] = pixels.kind === 'palette' ? 3 : pixels.alpha ? 6 : 2;
  // Compression, filter method and interlace: 0, the only ones (no interlace).
  const chunks = [chunk('IHDR', header)];
  if (pixels.kind === 'palette') {
    chunks.push(chunk('PLTE', Buffer.from(pixels.palette.flatMap(([r, g, b]) => [r, g, b]))));
    if (pixels.palette.some(([, , , a]) => a < 255)) chunks.push(chunk('tRNS', Buffer.from(pixels.palette.map(([, , , a]) => a))));
  }
  // Z_RLE finds runs of equal bytes only, which is nearly all a QR code has, at a fraction of the default's time.
  chunks.push(chunk('IDAT', deflateSync(scanlines, { strategy: constants.Z_RLE })));
  chunks.push(chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat([SIGNATURE, ...chunks]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

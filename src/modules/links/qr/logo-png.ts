import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';
import { Invalid } from '../../../shared/errors';

/** Largest logo accepted, in bytes of PNG. A logo covers a fifth of a code at most 2048 pixels wide. */
export const LOGO_MAX_BYTES = 100 * 1024;
/** Largest logo side, in pixels: checked in the header before decoding, so a small file cannot decode to gigabytes. */
export const LOGO_MAX_SIDE = 1024;

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface CheckedLogo {
  png: Buffer;
  width: number;
  height: number;
  /** SHA-256 of the PNG, hex: the logo's version in the ETags of the codes drawn with it. */
  digest: string;
}

/**
 * The logo if `bytes` is a PNG Shortline can draw: the signature, then the
 * IHDR chunk with sides of 1 to LOGO_MAX_SIDE pixels, then a full decode by
 * pngjs (which checks every chunk's CRC and the image data). Invalid names
 * `field` otherwise. The size cap (LOGO_MAX_BYTES) is the caller's: it is a 413.
 */
export function checkLogoPng(bytes: Buffer, field: string): CheckedLogo {
  const refuse = (message: string) => new Invalid(`The logo is not usable (${field}: ${message})`, [{ field, message }]);
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') {
    throw refuse('must be a PNG image');
  }
  const [width, height] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
  if (width < 1 || height < 1 || width > LOGO_MAX_SIDE || height > LOGO_MAX_SIDE) {
    throw refuse(`must be at most ${LOGO_MAX_SIDE}×${LOGO_MAX_SIDE} pixels (it is ${width}×${height})`);
  }
  try {
    PNG.sync.read(bytes);
  } catch (error) {
    throw refuse(`is not a valid PNG (${(error as Error).message})`);
  }
  return { png: bytes, width, height, digest: createHash('sha256').update(bytes).digest('hex') };
}

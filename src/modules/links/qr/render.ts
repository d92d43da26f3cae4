import { PNG } from 'pngjs';
import { create } from 'qrcode';
import { Invalid } from '../../../shared/errors';
import { channels, type Colour } from './colour';
import { FILTER_SUB, FILTER_UP, pngFile } from './png-file';

/**
 * Drawing a QR code. The `qrcode` package encodes the text into the symbol
 * (its modules: segments, error correction, masking, the hard part); the
 * symbol is drawn here, as SVG or as PNG (png-file.ts; pngjs reads the logo),
 * for three reasons: the image is exactly `size` pixels wide whatever the
 * symbol's version; a centre logo clears the same modules in both formats
 * (an SVG drawn over would not hide them when the background is
 * transparent); and a PNG of two colours is cheap to write when written as
 * one. Pure functions: no I/O.
 */

export type ErrorCorrection = 'L' | 'M' | 'Q' | 'H';
export type QrFormat = 'svg' | 'png';

export const CONTENT_TYPES: Record<QrFormat, string> = { svg: 'image/svg+xml', png: 'image/png' };

/** Bump when the drawing changes, so that no ETag of the old drawing matches the new one. */
export const RENDERER_VERSION = 1;

export interface QrLook {
  /** Width and height of the image, in pixels. */
  size: number;
  /** The quiet zone around the symbol, in modules. */
  margin: number;
  ecl: ErrorCorrection;
  fg: Colour;
  bg: Colour;
}

/** A centre logo: a PNG, its dimensions read when it was stored. */
export interface LogoImage {
  png: Buffer;
  width: number;
  height: number;
}

/** The symbol's modules, row by row, non-zero for dark. */
export interface QrSymbol {
  size: number;
  modules: Uint8Array;
}

/** The logo's share of the symbol's width (quiet zone excluded); it stays well within what level H restores. */
const LOGO_SHARE = 0.2;

export function encodeSymbol(text: string, ecl: ErrorCorrection): QrSymbol {
  const { modules } = create(text, { errorCorrectionLevel: ecl });
  return { size: modules.size, modules: modules.data };
}

/** The smallest image that gives every module, quiet zone included, at least one pixel. */
export function minimumSize(symbol: QrSymbol, margin: number): number {
  return symbol.size + 2 * margin;
}

/** The code of `text` as an image; Invalid naming `query.size` when that is less than one pixel a module. */
export function draw(text: string, format: QrFormat, look: QrLook, logo: LogoImage | undefined): Buffer {
  const symbol = encodeSymbol(text, look.ecl);
  const least = minimumSize(symbol, look.margin);
  if (look.size < least) {
    const message = `must be at least ${least} for this link's code with margin ${look.margin} (one pixel a module)`;
    throw new Invalid(`The request query is invalid (query.size: ${message})`, [{ field: 'query.size', message }]);
  }
  return format === 'png' ? renderPng(symbol, look, logo) : Buffer.from(renderSvg(symbol, look, logo));
}

interface Layout {
  /** Modules across the image, quiet zone included. */
  total: number;
  /** With a logo: the modules left light under it, [from, to) on both axes of the symbol. */
  clear?: { from: number; to: number };
  /** With a logo: where it is drawn, in modules from the image's top-left corner. */
  logo?: { x: number; y: number; width: number; height: number };
}

function layout(symbol: QrSymbol, margin: number, logo: LogoImage | undefined): Layout {
  const total = symbol.size + 2 * margin;
  if (!logo) return { total };
  const side = symbol.size * LOGO_SHARE;
  const centre = symbol.size / 2;
  // One module of background around the logo, so that no module touches it.
  const clear = { from: Math.floor(centre - side / 2 - 1), to: Math.ceil(centre + side / 2 + 1) };
  const fit = side / Math.max(logo.width, logo.height);
  const [width, height] = [logo.width * fit, logo.height * fit];
  return { total, clear, logo: { x: margin + centre - width / 2, y: margin + centre - height / 2, width, height } };
}

function darkAt(symbol: QrSymbol, clear: Layout['clear'], row: number, col: number): boolean {
  if (row < 0 || col < 0 || row >= symbol.size || col >= symbol.size) return false;
  if (clear && row >= clear.from && row < clear.to && col >= clear.from && col < clear.to) return false;
  return symbol.modules[row * symbol.size + col] !== 0;
}

/**
 * SVG in module units (a viewBox of the whole image, quiet zone included),
 * `size` pixels wide: a background rectangle, then one path of the dark
 * modules, a rectangle per run of them in a row; the logo as a data URL.
 */
export function renderSvg(symbol: QrSymbol, look: QrLook, logo?: LogoImage): string {
  const { total, clear, logo: box } = layout(symbol, look.margin, logo);
  const runs: string[] = [];
  for (let row = 0; row < symbol.size; row++) {
    for (let col = 0; col < symbol.size;) {
      if (!darkAt(symbol, clear, row, col)) {
        col++;
        continue;
      }
      let end = col + 1;
      while (end < symbol.size && darkAt(symbol, clear, row, end)) end++;
      runs.push(`M${col + look.margin} ${row + look.margin}h${end - col}v1h-${end - col}z`);
      col = end;
    }
  }
  const xlink = box ? ' xmlns:xlink="http://www.w3.org/1999/xlink"' : '';
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg"${xlink} width="${look.size}" height="${look.size}" viewBox="0 0 ${total} ${total}" shape-rendering="crispEdges">`,
  ];
  if (channels(look.bg)[3] > 0) parts.push(`<rect width="${total}" height="${total}"${paint('fill', look.bg)}/>`);
  if (runs.length > 0) parts.push(`<path${paint('fill', look.fg)} d="${runs.join('')}"/>`);
  if (box && logo) {
    const at = (n: number) => String(Number(n.toFixed(3)));
    parts.push(
      `<image x="${at(box.x)}" y="${at(box.y)}" width="${at(box.width)}" height="${at(box.height)}" preserveAspectRatio="xMidYMid meet" ` +
        `xlink:href="data:image/png;base64,${logo.png.toString('base64')}"/>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

function paint(attribute: 'fill', colour: Colour): string {
  const [, , , alpha] = channels(colour);
  const opacity = alpha < 255 ? ` ${attribute}-opacity="${Number((alpha / 255).toFixed(3))}"` : '';
  return ` ${attribute}="${colour.slice(0, 7)}"${opacity}`;
}

/**
 * PNG, `size` pixels square. A pixel shows the module its left or top edge
 * falls in, so modules are whole pixels, some one wider than others when the
 * size is no multiple of the modules across (as the `qrcode` package draws).
 * Two colours are a 1-bit palette; with a logo, 8-bit RGB(A). A row of
 * pixels that repeats the one above is written as zeros ("up" filter), a
 * run of one colour in a row too ("sub"): what zlib's run-length strategy
 * compresses at once (png-file.ts).
 */
export function renderPng(symbol: QrSymbol, look: QrLook, logo?: LogoImage): Buffer {
  const { size, margin } = look;
  const { total, clear, logo: box } = layout(symbol, margin, logo);
  const [fg, bg] = [channels(look.fg), channels(look.bg)];
  const columns = new Int32Array(size);
  for (let x = 0; x < size; x++) columns[x] = Math.floor((x * total) / size) - margin;
  const rowOf = (y: number) => Math.floor((y * total) / size) - margin;

  if (!box || !logo) {
    const stride = 1 + Math.ceil(size / 8);
    // Zeros: filter "none" and palette index 0, the background.
    const scanlines = Buffer.alloc(size * stride);
    let previous = Number.NaN;
    for (let y = 0; y < size; y++) {
      const start = y * stride;
      const row = rowOf(y);
      if (row === previous) {
        scanlines[start] = FILTER_UP;
        continue;
      }
      previous = row;
      for (let x = 0; x < size; x++) if (darkAt(symbol, clear, row, columns[x])) scanlines[start + 1 + (x >> 3)] |= 0x80 >> (x & 7);
    }
    return pngFile(size, size, { kind: 'palette', bitDepth: 1, palette: [bg, fg] }, scanlines);
  }

  const raster = Buffer.alloc(size * size * 4);
  const rowBytes = size * 4;
  let previous = Number.NaN;
  for (let y = 0; y < size; y++) {
    const start = y * rowBytes;
    const row = rowOf(y);
    if (row === previous) {
      raster.copy(raster, start, start - rowBytes, start);
      continue;
    }
    previous = row;
    for (let x = 0; x < size; x++) raster.set(darkAt(symbol, clear, row, columns[x]) ? fg : bg, start + x * 4);
  }
  const scale = size / total;
  drawLogo(raster, size, PNG.sync.read(logo.png), { x: box.x * scale, y: box.y * scale, width: box.width * scale, height: box.height * scale });
  // The logo is drawn over the background: the image is opaque if both colours are.
  const alpha = fg[3] < 255 || bg[3] < 255;
  const pixel = alpha ? 4 : 3;
  const stride = 1 + size * pixel;
  const scanlines = Buffer.alloc(size * stride);
  for (let y = 0; y < size; y++) {
    const from = y * rowBytes;
    const start = y * stride;
    if (y > 0 && raster.compare(raster, from - rowBytes, from, from, from + rowBytes) === 0) {
      scanlines[start] = FILTER_UP;
      continue;
    }
    // Filter "sub": each byte less the same byte of the pixel to its left, so a run of one colour is zeros.
    scanlines[start] = FILTER_SUB;
    for (let x = 0; x < size; x++) {
      const [to, at] = [start + 1 + x * pixel, from + x * 4];
      for (let c = 0; c < pixel; c++) scanlines[to + c] = x === 0 ? raster[at + c] : raster[at + c] - raster[at + c - 4];
    }
  }
  return pngFile(size, size, { kind: 'truecolour', alpha }, scanlines);
}

/**
 * Draws `logo` over the image in the box (pixels), each pixel the average of
 * the logo's pixels it covers (premultiplied by alpha), composited "over".
 */
function drawLogo(data: Buffer, size: number, logo: PNG, box: { x: number; y: number; width: number; height: number }): void {
  const [x0, y0] = [Math.round(box.x), Math.round(box.y)];
  const [x1, y1] = [Math.min(size, Math.round(box.x + box.width)), Math.min(size, Math.round(box.y + box.height))];
  if (x1 <= x0 || y1 <= y0) return;
  const [sx, sy] = [logo.width / (x1 - x0), logo.height / (y1 - y0)];
  const span = (from: number, scale: number, limit: number) => {
    const first = Math.min(limit - 1, Math.floor(from * scale));
    return [first, Math.max(first + 1, Math.min(limit, Math.ceil((from + 1) * scale)))];
  };
  for (let y = y0; y < y1; y++) {
    const [top, bottom] = span(y - y0, sy, logo.height);
    for (let x = x0; x < x1; x++) {
      const [left, right] = span(x - x0, sx, logo.width);
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let v = top; v < bottom; v++) {
        for (let u = left; u < right; u++) {
          const at = (v * logo.width + u) * 4;
          const alpha = logo.data[at + 3];
          r += logo.data[at] * alpha;
          g += logo.data[at + 1] * alpha;
          b += logo.data[at + 2] * alpha;
          a += alpha;
        }
      }
      if (a === 0) continue;
      const count = (bottom - top) * (right - left);
      const alpha = a / count / 255;
      const at = (y * size + x) * 4;
      const under = data[at + 3] / 255;
      const out = alpha + under * (1 - alpha);
      // The logo's colour (r / a) over what is under it, both weighted by their alpha.
      data[at] = Math.round(((r / a) * alpha + data[at] * under * (1 - alpha)) / out);
      data[at + 1] = Math.round(((g / a) * alpha + data[at + 1] * under * (1 - alpha)) / out);
      data[at + 2] = Math.round(((b / a) * alpha + data[at + 2] * under * (1 - alpha)) / out);
      data[at + 3] = Math.round(out * 255);
    }
  }
}

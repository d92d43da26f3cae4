import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/**
 * Reading QR codes back, as a phone would: a PNG decoded with pngjs, an SVG
 * drawn into pixels here, and either given to jsQR. What jsQR reads is what a
 * scanner reads; a code it cannot read fails the test.
 */

export interface Pixels {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, row by row. */
  data: Uint8Array;
}

/** The text jsQR reads in the image, or undefined if it finds no code. Transparency is shown over white. */
export function readCode(image: Pixels): string | undefined {
  const rgba = new Uint8ClampedArray(image.width * image.height * 4);
  for (let i = 0; i < rgba.length; i += 4) {
    const alpha = image.data[i + 3] / 255;
    for (let c = 0; c < 3; c++) rgba[i + c] = image.data[i + c] * alpha + 255 * (1 - alpha);
    rgba[i + 3] = 255;
  }
  return jsQR(rgba, image.width, image.height)?.data;
}

export function pngPixels(png: Buffer): Pixels {
  const image = PNG.sync.read(png);
  return { width: image.width, height: image.height, data: image.data };
}

export function pixelAt(image: Pixels, x: number, y: number): [number, number, number, number] {
  const at = (y * image.width + x) * 4;
  return [image.data[at], image.data[at + 1], image.data[at + 2], image.data[at + 3]];
}

const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

function rgba(fill: string | undefined, opacity: string | undefined): [number, number, number, number] {
  if (fill === undefined || !/^#[0-9a-f]{6}$/.test(fill)) throw new Error(`not a colour the test can draw: ${fill}`);
  const n = (at: number) => parseInt(fill.slice(at, at + 2), 16);
  return [n(1), n(3), n(5), Math.round(Number(opacity ?? '1') * 255)];
}

/**
 * Draws an SVG of the shape Shortline writes — a viewBox in modules, an
 * optional background `<rect>`, one `<path>` of `M x y h n v1 h-n z` runs and
 * an optional `<image>` with a PNG data URL — at `scale` pixels a module.
 * Anything else in it throws: the test then says the SVG changed shape.
 */
export function svgPixels(svg: string, scale = 4): Pixels {
  const box = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  if (!box) throw new Error('the SVG has no viewBox "0 0 w h"');
  const modules = Number(box[1]);
  const size = modules * scale;
  const data = new Uint8Array(size * size * 4);
  const fill = (x: number, y: number, w: number, h: number, colour: [number, number, number, number]) => {
    for (let py = Math.round(y * scale); py < Math.round((y + h) * scale); py++) {
      for (let px = Math.round(x * scale); px < Math.round((x + w) * scale); px++) blend(data, (py * size + px) * 4, colour);
    }
  };
  const body = svg.replace(/^<svg[^>]*>/, '').replace(/<\/svg>$/, '');
  for (const tag of body.match(/<[^>]+>/g) ?? []) {
    if (tag.startsWith('<rect')) {
      fill(0, 0, Number(attribute(tag, 'width')), Number(attribute(tag, 'height')), rgba(attribute(tag, 'fill'), attribute(tag, 'fill-opacity')));
    } else if (tag.startsWith('<path')) {
      const colour = rgba(attribute(tag, 'fill'), attribute(tag, 'fill-opacity'));
      const d = attribute(tag, 'd') ?? '';
      const runs = [...d.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)];
      if (runs.map((m) => m[0]).join('') !== d) throw new Error('the path is not made of "Mx yhnv1h-nz" runs');
      for (const [, x, y, n] of runs) fill(Number(x), Number(y), Number(n), 1, colour);
    } else if (tag.startsWith('<image')) {
      const href = attribute(tag, 'xlink:href') ?? '';
      if (!href.startsWith('data:image/png;base64,')) throw new Error('the image is not a PNG data URL');
      const logo = PNG.sync.read(Buffer.from(href.slice('data:image/png;base64,'.length), 'base64'));
      const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((name) => Number(attribute(tag, name)) * scale);
      for (let py = Math.round(y); py < Math.round(y + h); py++) {
        for (let px = Math.round(x); px < Math.round(x + w); px++) {
          const u = Math.min(logo.width - 1, Math.floor(((px - x) / w) * logo.width));
          const v = Math.min(logo.height - 1, Math.floor(((py - y) / h) * logo.height));
          const at = (v * logo.width + u) * 4;
          blend(data, (py * size + px) * 4, [logo.data[at], logo.data[at + 1], logo.data[at + 2], logo.data[at + 3]]);
        }
      }
    } else {
      throw new Error(`an SVG element the test cannot draw: ${tag.slice(0, 40)}`);
    }
  }
  return { width: size, height: size, data };
}

/** `colour` over the pixel at `at`. */
function blend(data: Uint8Array, at: number, [r, g, b, a]: [number, number, number, number]): void {
  const alpha = a / 255;
  const under = data[at + 3] / 255;
  const out = alpha + under * (1 - alpha);
  if (out === 0) return;
  data[at] = Math.round((r * alpha + data[at] * under * (1 - alpha)) / out);
  data[at + 1] = Math.round((g * alpha + data[at + 1] * under * (1 - alpha)) / out);
  data[at + 2] = Math.round((b * alpha + data[at + 2] * under * (1 - alpha)) / out);
  data[at + 3] = Math.round(out * 255);
}

/** A PNG of `width`×`height`: a blue disc with a white ring on transparency, or noise (which compresses to nothing less). */
export function testPng(width: number, height: number, kind: 'logo' | 'noise' = 'logo'): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4;
      if (kind === 'noise') {
        for (let c = 0; c < 4; c++) png.data[at + c] = Math.floor(Math.random() * 256);
        continue;
      }
      const r = Math.hypot(x + 0.5 - width / 2, y + 0.5 - height / 2) / (Math.min(width, height) / 2);
      const colour = r < 0.7 ? [0x1e, 0x40, 0xff, 255] : r < 1 ? [255, 255, 255, 255] : [0, 0, 0, 0];
      png.data.set(colour, at);
    }
  }
  return PNG.sync.write(png);
}

import { Invalid } from '../../../src/shared/errors';
import { normaliseColour } from '../../../src/modules/links/qr/colour';
import { checkLogoPng, LOGO_MAX_SIDE } from '../../../src/modules/links/qr/logo-png';
import { draw, encodeSymbol, type QrLook } from '../../../src/modules/links/qr/render';
import { RenderBudget } from '../../../src/modules/links/qr/render-budget';
import { RenderCache } from '../../../src/modules/links/qr/render-cache';
import { pixelAt, pngPixels, readCode, svgPixels, testPng } from '../../support/qr';

const TEXT = 'https://sho.rt/spring-launch';
const look = (overrides: Partial<QrLook> = {}): QrLook => ({ size: 300, margin: 4, ecl: 'M', fg: '#000000ff', bg: '#ffffffff', ...overrides });
const logo = () => {
  const png = testPng(64, 48);
  return { ...checkLogoPng(png, 'logo'), updatedAt: new Date().toISOString() };
};

describe('drawing a QR code', () => {
  it.each([
    ['the defaults', look()],
    ['level L, no quiet zone, the smallest size', look({ ecl: 'L', margin: 0, size: 64 })],
    ['level H, a wide quiet zone, a size no multiple of the modules', look({ ecl: 'H', margin: 16, size: 997 })],
    ['dark blue on pale yellow', look({ fg: '#1a237eff', bg: '#fff9c4ff' })],
  ])('draws a PNG of exactly `size` pixels that reads back as the text: %s', (_name, options) => {
    const image = pngPixels(draw(TEXT, 'png', options, undefined));
    expect([image.width, image.height]).toEqual([options.size, options.size]);
    expect(readCode(image)).toBe(TEXT);
  });

  it('keeps the quiet zone in the background colour and paints modules in the foreground colour', () => {
    const options = look({ size: 370, margin: 4, fg: '#1a237eff', bg: '#fff9c4ff' });
    const image = pngPixels(draw(TEXT, 'png', options, undefined));
    const modules = encodeSymbol(TEXT, 'M').size + 8;
    const pixel = 370 / modules;
    // The quiet zone's corners, and the top-left finder pattern's dark corner one pixel inside it.
    expect(pixelAt(image, 0, 0)).toEqual([0xff, 0xf9, 0xc4, 255]);
    expect(pixelAt(image, Math.floor(4 * pixel) - 1, Math.floor(4 * pixel) - 1)).toEqual([0xff, 0xf9, 0xc4, 255]);
    expect(pixelAt(image, Math.ceil(4 * pixel), Math.ceil(4 * pixel))).toEqual([0x1a, 0x23, 0x7e, 255]);
  });

  it('keeps a transparent background transparent', () => {
    const image = pngPixels(draw(TEXT, 'png', look({ bg: '#ffffff00' }), undefined));
    expect(pixelAt(image, 0, 0)[3]).toBe(0);
    expect(readCode(image)).toBe(TEXT);
  });

  it('draws an SVG that reads back as the text, with its size, viewBox and colours', () => {
    const options = look({ size: 512, margin: 2, fg: '#1a237eff', bg: '#fff9c480' });
    const svg = draw(TEXT, 'svg', options, undefined).toString();
    const modules = encodeSymbol(TEXT, 'M').size + 4;
    expect(svg).toMatch(new RegExp(`^<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 ${modules} ${modules}"`));
    expect(svg).toContain(`<rect width="${modules}" height="${modules}" fill="#fff9c4" fill-opacity="0.502"/>`);
    expect(svg).toContain('<path fill="#1a237e" d="M2 2h7v1h-7z');
    expect(readCode(svgPixels(svg))).toBe(TEXT);
  });

  it('leaves the background out of an SVG whose background is fully transparent', () => {
    const svg = draw(TEXT, 'svg', look({ bg: '#00000000' }), undefined).toString();
    expect(svg).not.toContain('<rect');
    expect(readCode(svgPixels(svg))).toBe(TEXT);
  });

  it('draws a logo in the centre, over cleared modules, and the code still reads at level H', () => {
    const options = look({ ecl: 'H', size: 400 });
    const image = pngPixels(draw(TEXT, 'png', options, logo()));
    // The centre is the logo's blue disc.
    expect(pixelAt(image, 200, 200)).toEqual([0x1e, 0x40, 0xff, 255]);
    expect(readCode(image)).toBe(TEXT);

    const svg = draw(TEXT, 'svg', options, logo()).toString();
    expect(svg).toContain('<image ');
    expect(svg).toContain('xlink:href="data:image/png;base64,');
    const drawn = svgPixels(svg);
    expect(pixelAt(drawn, drawn.width / 2, drawn.height / 2)).toEqual([0x1e, 0x40, 0xff, 255]);
    expect(readCode(drawn)).toBe(TEXT);
  });

  it('refuses a size with less than one pixel a module, naming query.size', () => {
    const modules = encodeSymbol(TEXT, 'M').size + 2 * 16;
    expect(() => draw(TEXT, 'png', look({ margin: 16, size: modules - 1 }), undefined)).toThrow(Invalid);
    expect(() => draw(TEXT, 'png', look({ margin: 16, size: modules - 1 }), undefined)).toThrow(`query.size: must be at least ${modules}`);
    expect(pngPixels(draw(TEXT, 'png', look({ margin: 16, size: modules }), undefined)).width).toBe(modules);
  });
});

describe('checking a logo', () => {
  it('accepts a PNG and reads its dimensions and digest', () => {
    const png = testPng(64, 48);
    const checked = checkLogoPng(png, 'body.image');
    expect(checked).toMatchObject({ width: 64, height: 48, png });
    expect(checked.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['bytes that are no PNG', Buffer.from('GIF89a, or anything else at all, long enough'), 'must be a PNG image'],
    ['a PNG cut short', testPng(64, 64).subarray(0, 60), 'is not a valid PNG'],
    ['a PNG with a corrupt chunk', corrupt(testPng(64, 64)), 'is not a valid PNG'],
    ['a PNG too wide', testPng(LOGO_MAX_SIDE + 1, 2), `must be at most ${LOGO_MAX_SIDE}×${LOGO_MAX_SIDE} pixels (it is ${LOGO_MAX_SIDE + 1}×2)`],
  ])('refuses %s, naming the field', (_name, bytes, message) => {
    let error: unknown;
    try {
      checkLogoPng(bytes, 'body.image');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).errors).toEqual([{ field: 'body.image', message: expect.stringContaining(message) }]);
  });
});

describe('the render cache', () => {
  it('keeps images up to its bytes, dropping the least recently used first', () => {
    const cache = new RenderCache(30, 20);
    cache.set('a', Buffer.alloc(10));
    cache.set('b', Buffer.alloc(10));
    cache.set('c', Buffer.alloc(10));
    expect(cache.get('a')).toBeDefined(); // a is now the most recently used
    cache.set('d', Buffer.alloc(10));
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.get('d')].map(Boolean)).toEqual([true, false, true, true]);
    expect(cache.totalBytes).toBe(30);
  });

  it('does not keep an image larger than its per-image cap', () => {
    const cache = new RenderCache(100, 20);
    cache.set('big', Buffer.alloc(21));
    expect(cache.get('big')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});

describe('colours', () => {
  it.each([
    ['#1A237E', '#1a237eff'],
    ['1a237e', '#1a237eff'],
    ['#1a237e80', '#1a237e80'],
  ])('spells %s as %s', (given, spelt) => expect(normaliseColour(given)).toBe(spelt));
});

/** The PNG with one byte of its first IDAT chunk's data flipped: its CRC no longer matches. */
function corrupt(png: Buffer): Buffer {
  const copy = Buffer.from(png);
  const at = copy.indexOf('IDAT') + 6;
  copy[at] ^= 0xff;
  return copy;
}

describe('the public drawing budget', () => {
  it('allows drawings until their time reaches the budget, then none until the next second', () => {
    let now = 5_000;
    const budget = new RenderBudget(250, () => now);
    expect(budget.allows()).toBe(true);
    budget.spend(200);
    now += 10;
    expect(budget.allows()).toBe(true);
    budget.spend(60);
    now += 500;
    expect(budget.allows()).toBe(false);
    now += 490;
    expect(budget.allows()).toBe(true);
  });
});

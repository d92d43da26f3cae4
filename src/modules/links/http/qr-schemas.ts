import { z } from 'zod';
import { queryNumber, text } from '../../../shared/http/validate';
import { COLOUR_PATTERN, normaliseColour } from '../qr/colour';
import { LOGO_MAX_BYTES, LOGO_MAX_SIDE } from '../qr/logo-png';

/** The QR-code endpoints' schemas: what they accept and answer, and so what the OpenAPI document says. */

const whole = (min: number, max: number, fallback: number, description: string) =>
  queryNumber(
    z
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`)
      .default(fallback),
  ).meta({ description: `${description}; ${fallback} when left out` });

const colour = (fallback: string, description: string) =>
  text()
    .regex(COLOUR_PATTERN, 'must be a colour as #rrggbb or #rrggbbaa (send "#" as %23, or leave it out)')
    .transform(normaliseColour)
    .default(normaliseColour(fallback))
    .meta({ description: `${description}: \`#rrggbb\` or \`#rrggbbaa\`, the \`#\` sent as \`%23\` or left out; ${fallback} when left out` });

export const QR_FORMATS = ['svg', 'png'] as const;

export const qrQuery = z.strictObject({
  format: z.enum(QR_FORMATS, { message: 'must be svg or png' }).optional().meta({
    description: 'The image format. Left out, `Accept: image/png` asks for PNG; anything else gets SVG (and the answer says `Vary: Accept`)',
  }),
  size: whole(64, 2048, 300, 'Width and height of the image in pixels; at least one pixel a module, quiet zone included (a 400 says how many)'),
  margin: whole(0, 16, 4, 'The quiet zone around the code, in modules (the QR specification asks for 4)'),
  ecl: z
    .enum(['L', 'M', 'Q', 'H'], { message: 'must be one of L, M, Q, H' })
    .default('M')
    .meta({ description: 'Error correction: L (7%), M (15%), Q (25%) or H (30%) of the code restorable; M when left out, H with a logo' }),
  fg: colour('#000000', 'The colour of the dark modules'),
  bg: colour('#ffffff', 'The background and quiet zone'),
  logo: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .optional()
    .transform((value) => value === 'true')
    .meta({
      description:
        "`true` puts the workspace's logo (`PUT /v1/qr-logo`) in the centre, a fifth of the code wide, and raises error correction to H whatever `ecl` says, so that the code still reads; false when left out",
    }),
});

export type QrQuery = z.output<typeof qrQuery>;

/** The SVG answer's body; the PNG has none a schema could describe. */
export const qrSvgSchema = z.string().meta({ description: 'An SVG document' });

const DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;
export const DATA_URL_PREFIX = 'data:image/png;base64,';

export const qrLogoBody = z
  .strictObject({
    image: text()
      .regex(DATA_URL, `must be a PNG as a base64 data URL, ${DATA_URL_PREFIX}…`)
      .meta({
        description: `The logo: a PNG of at most ${LOGO_MAX_BYTES / 1024} KB and ${LOGO_MAX_SIDE}×${LOGO_MAX_SIDE} pixels, as a base64 data URL. Transparency is kept.`,
        example: `${DATA_URL_PREFIX}iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==`,
      }),
  })
  .meta({ id: 'QrLogoUpload' });

export const qrLogoSchema = z
  .object({
    image: z.string().meta({ description: 'The PNG as a base64 data URL' }),
    width: z.number().int().meta({ description: 'In pixels' }),
    height: z.number().int().meta({ description: 'In pixels' }),
    bytes: z.number().int().meta({ description: 'Size of the PNG' }),
    digest: z.string().meta({ description: "SHA-256 of the PNG, hex: the logo's version, part of the ETag of every code drawn with it" }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'QrLogo', description: "The workspace's QR-code logo, drawn in the centre of codes asked for with `logo=true`" });

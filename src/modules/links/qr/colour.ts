/** A colour as `#rrggbbaa`, lower case: the one spelling options, ETags and renderers share. */
export type Colour = string;

/** `#rrggbb` or `#rrggbbaa`, with or without the `#` (a `#` must be sent as `%23` in a query string). */
export const COLOUR_PATTERN = /^#?([0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$/;

/** A colour as given (COLOUR_PATTERN) in its one spelling; opaque when it names no alpha. */
export function normaliseColour(value: string): Colour {
  const hex = value.replace(/^#/, '').toLowerCase();
  return `#${hex.length === 6 ? `${hex}ff` : hex}`;
}

/** Red, green, blue and alpha, 0–255. */
export function channels(colour: Colour): [number, number, number, number] {
  const n = (at: number) => parseInt(colour.slice(at, at + 2), 16);
  return [n(1), n(3), n(5), n(7)];
}

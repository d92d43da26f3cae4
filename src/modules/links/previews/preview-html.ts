import { Parser } from 'htmlparser2';

/** Longest values kept; longer ones are cut (title, description) or dropped (an image URL cut short is broken). */
export const MAX_TITLE = 300;
export const MAX_DESCRIPTION = 1000;
export const MAX_IMAGE_URL = 2048;

export interface PageMetadata {
  title: string | null;
  description: string | null;
  /** Absolute http(s) URL, resolved against the page (or its <base href>). */
  image: string | null;
}

/**
 * Reads what a page says about itself: `<title>` (else `og:title`),
 * `<meta name="description">` (else `og:description`), and `og:image` (else
 * `twitter:image`). htmlparser2 is a tolerant streaming tokenizer: broken
 * markup, unclosed tags and a body cut off at the size cap still give what came
 * before; entities are decoded, and `<script>`/`<style>` contents are not
 * mistaken for tags. The first occurrence of each wins. Whitespace runs become
 * one space; empty values are null.
 */
export function extractPageMetadata(html: string, pageUrl: string): PageMetadata {
  const found: Record<'title' | 'ogTitle' | 'description' | 'ogDescription' | 'ogImage' | 'twitterImage' | 'base', string | undefined> = {
    title: undefined,
    ogTitle: undefined,
    description: undefined,
    ogDescription: undefined,
    ogImage: undefined,
    twitterImage: undefined,
    base: undefined,
  };
  const keep = (key: keyof typeof found, value: string | undefined) => {
    if (found[key] === undefined && value !== undefined && clean(value) !== '') found[key] = value;
  };
  let titleText: string | undefined;
  // An inline <svg> has <title>s of its own (tooltips), not the page's.
  let svgDepth = 0;

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'svg') svgDepth++;
        else if (name === 'title' && svgDepth === 0 && found.title === undefined) titleText = '';
        else if (name === 'base') keep('base', attributes.href);
        else if (name === 'meta') {
          const key = (attributes.property ?? attributes.name ?? '').trim().toLowerCase();
          const content = attributes.content;
          if (key === 'description') keep('description', content);
          else if (key === 'og:title') keep('ogTitle', content);
          else if (key === 'og:description') keep('ogDescription', content);
          else if (key === 'og:image' || key === 'og:image:url' || key === 'og:image:secure_url') keep('ogImage', content);
          else if (key === 'twitter:image' || key === 'twitter:image:src') keep('twitterImage', content);
        }
      },
      ontext(text) {
        if (titleText !== undefined) titleText += text;
      },
      onclosetag(name) {
        if (name === 'svg' && svgDepth > 0) svgDepth--;
        else if (name === 'title' && titleText !== undefined) {
          keep('title', titleText);
          titleText = undefined;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  // A page cut off inside its <title> still has the start of it.
  if (titleText !== undefined) keep('title', titleText);

  return {
    title: capped(found.title ?? found.ogTitle, MAX_TITLE),
    description: capped(found.description ?? found.ogDescription, MAX_DESCRIPTION),
    image: absoluteImageUrl(found.ogImage ?? found.twitterImage, found.base, pageUrl),
  };
}

function clean(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** Trimmed and cut to `max` characters, never inside a surrogate pair. */
function capped(value: string | undefined, max: number): string | null {
  if (value === undefined) return null;
  const text = clean(value);
  if (text.length <= max) return text;
  return text
    .slice(0, max)
    .replace(/[\uD800-\uDBFF]$/, '')
    .trimEnd();
}

function absoluteImageUrl(value: string | undefined, base: string | undefined, pageUrl: string): string | null {
  if (value === undefined) return null;
  try {
    const url = new URL(value.trim(), baseUrl(base, pageUrl));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.href.length <= MAX_IMAGE_URL ? url.href : null;
  } catch {
    return null;
  }
}

/** The page's <base href> resolved against the page, or the page itself if there is none (or it is unusable). */
function baseUrl(base: string | undefined, pageUrl: string): string {
  if (base === undefined) return pageUrl;
  try {
    return new URL(base.trim(), pageUrl).href;
  } catch {
    return pageUrl;
  }
}

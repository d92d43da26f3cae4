import { extractPageMetadata, MAX_DESCRIPTION, MAX_IMAGE_URL, MAX_TITLE } from '../../../src/modules/links/previews/preview-html';

/** What a page says about itself, read from its HTML (no I/O). */
const PAGE_URL = 'https://example.com/blog/post?id=7';
const extract = (html: string, url = PAGE_URL) => extractPageMetadata(html, url);

it('reads <title>, the description and og:image, decoding entities and collapsing whitespace', () => {
  const html = `<html><head>
    <title>\n  Caf&eacute; &amp; bar &#8212; &lt;menu&gt;\n</title>
    <meta name="Description" content="  Open &quot;late&quot;,\n   every day &#x263A; ">
    <meta property="og:image" content="https://cdn.example.com/card.png?a=1&amp;b=2">
  </head></html>`;
  expect(extract(html)).toEqual({
    title: 'Café & bar — <menu>',
    description: 'Open "late", every day ☺',
    image: 'https://cdn.example.com/card.png?a=1&b=2',
  });
});

it('gives null for whatever the page does not say', () => {
  expect(extract('<html><head></head><body><p>No metadata here</p></body></html>')).toEqual({ title: null, description: null, image: null });
  expect(extract('')).toEqual({ title: null, description: null, image: null });
  expect(extract('<title>   </title><meta name="description" content="">')).toEqual({ title: null, description: null, image: null });
});

it('falls back to og:title, og:description and twitter:image', () => {
  const html = `<meta property="og:title" content="OG title"><meta property="og:description" content="OG description">
    <meta name="twitter:image" content="/twitter.png">`;
  expect(extract(html)).toEqual({ title: 'OG title', description: 'OG description', image: 'https://example.com/twitter.png' });
});

it('prefers <title>, the description meta and og:image over their fallbacks, and the first of each', () => {
  const html = `<meta property="og:title" content="OG"><title>Real</title><title>Second</title>
    <meta property="og:description" content="OG description"><meta name="description" content="Plain">
    <meta name="twitter:image" content="/t.png"><meta property="og:image" content="/og.png"><meta property="og:image" content="/og2.png">`;
  expect(extract(html)).toEqual({ title: 'Real', description: 'Plain', image: 'https://example.com/og.png' });
});

it('resolves a relative image against the page URL, or against <base href>', () => {
  expect(extract('<meta property="og:image" content="img/a.png">').image).toBe('https://example.com/blog/img/a.png');
  expect(extract('<meta property="og:image" content="//cdn.example.net/a.png">').image).toBe('https://cdn.example.net/a.png');
  expect(extract('<base href="https://static.example.org/assets/"><meta property="og:image" content="a.png">').image).toBe(
    'https://static.example.org/assets/a.png',
  );
});

it('drops an image that is not http(s) or longer than 2048 characters', () => {
  expect(extract('<meta property="og:image" content="javascript:alert(1)">').image).toBeNull();
  expect(extract('<meta property="og:image" content="data:image/png;base64,AAAA">').image).toBeNull();
  expect(extract(`<meta property="og:image" content="/${'a'.repeat(MAX_IMAGE_URL)}">`).image).toBeNull();
});

it('cuts a long title and description to their limits', () => {
  const result = extract(`<title>${'t'.repeat(MAX_TITLE + 50)}</title><meta name="description" content="${'d'.repeat(MAX_DESCRIPTION + 50)}">`);
  expect(result.title).toHaveLength(MAX_TITLE);
  expect(result.description).toHaveLength(MAX_DESCRIPTION);
});

it('is not fooled by markup in scripts and comments, or by the <title> of an inline SVG', () => {
  const html = `<head><script>document.write("<title>Injected</title>")</script><!-- <title>Comment</title> -->
    <svg><title>Icon</title></svg><title>Page</title></head>`;
  expect(extract(html).title).toBe('Page');
});

it('reads what it can of a page cut off at the size cap, even mid-title', () => {
  expect(extract('<html><head><meta name="description" content="Kept"><title>Cut off he')).toEqual({
    title: 'Cut off he',
    description: 'Kept',
    image: null,
  });
});

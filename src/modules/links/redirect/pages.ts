import type { SocialPreview } from '../rules/link-rules';

/**
 * The small HTML pages the redirect serves instead of a redirect: a problem
 * (API clients asking for JSON get problem+json instead; redirect.ts
 * decides), a link's password form, and the Open Graph page link-preview
 * crawlers get. Every value is escaped; nothing loads from elsewhere.
 */
const STYLE =
  '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}' +
  'input,button{font:inherit;padding:.4rem .6rem}p.error{color:#b00020}</style>';

function page(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>${head}
${STYLE}
</head><body>${body}</body></html>
`;
}

/** Drawn pages by status, title and message: a flood of 404s draws the same page. At most ERROR_PAGES kept. */
const errorPages = new Map<string, string>();
const ERROR_PAGES = 100;

export function errorPage(status: number, title: string, message: string): string {
  const key = `${status}\n${title}\n${message}`;
  let html = errorPages.get(key);
  if (html === undefined) {
    html = page(`${status} ${title}`, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
    if (errorPages.size >= ERROR_PAGES) errorPages.delete(errorPages.keys().next().value!);
    errorPages.set(key, html);
  }
  return html;
}

/** The form a password-protected link answers with; it posts to `action` with the CSRF token its cookie also holds. */
export function passwordPage(action: string, csrf: string, error?: string): string {
  return page(
    'Password required',
    `<h1>This link is protected</h1><p>Enter its password to continue.</p>` +
      (error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(error)}</p>`) +
      `<form method="post" action="${escapeHtml(action)}">` +
      `<input type="hidden" name="csrf" value="${escapeHtml(csrf)}">` +
      `<label>Password <input type="password" name="password" required maxlength="128" autocomplete="current-password" autofocus></label> ` +
      `<button type="submit">Continue</button></form>`,
  );
}

/**
 * What link-preview crawlers get: Open Graph and Twitter tags. `location` is
 * where the link leads (a crawler that acts on the refresh ends up there);
 * null for a password-protected link, whose target is not shown.
 */
export function socialPage(preview: SocialPreview, shortUrl: string, location: string | null): string {
  const meta = (attribute: 'property' | 'name', key: string, value: string | null) =>
    value === null ? '' : `\n<meta ${attribute}="${key}" content="${escapeHtml(value)}">`;
  const head =
    meta('property', 'og:title', preview.title) +
    meta('property', 'og:description', preview.description) +
    meta('property', 'og:image', preview.image) +
    meta('property', 'og:url', shortUrl) +
    meta('property', 'og:type', 'website') +
    meta('name', 'twitter:card', preview.image === null ? 'summary' : 'summary_large_image') +
    meta('name', 'twitter:title', preview.title) +
    meta('name', 'twitter:description', preview.description) +
    meta('name', 'twitter:image', preview.image) +
    (location === null ? '' : `\n<meta http-equiv="refresh" content="0; url=${escapeHtml(location)}">`);
  const body =
    `<h1>${escapeHtml(preview.title)}</h1>` +
    (preview.description === null ? '' : `<p>${escapeHtml(preview.description)}</p>`) +
    (location === null ? '' : `<p><a href="${escapeHtml(location)}">Continue</a></p>`);
  return page(preview.title, body, head);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

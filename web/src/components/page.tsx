import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** The first page after a load starts where a browser starts one: at the top, the skip link first. */
let loaded = false;

/**
 * A page's heading and body. After a navigation within the app the heading
 * takes focus, so keyboard and screen-reader users start at the new page's
 * top, as a full page load would have them; the document's title follows it.
 */
export function Page({ title, actions, children }: { title: string; actions?: ComponentChildren; children: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Shortline`;
    if (loaded) heading.current?.focus({ preventScroll: true });
    loaded = true;
  }, [title]);
  return (
    <>
      <div class="page-head">
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {actions && <div class="actions">{actions}</div>}
      </div>
      {children}
    </>
  );
}

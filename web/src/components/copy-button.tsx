import { useState } from 'preact/hooks';

/** Copies `text` to the clipboard and says so (to a screen reader too) for a moment. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // No clipboard (an insecure origin, a denied permission): the text is on the page to select.
      window.prompt('Copy this:', text);
    }
  };
  return (
    <button type="button" class="secondary small" onClick={() => void copy()} aria-label={`${label}: ${text}`}>
      <span aria-live="polite">{copied ? 'Copied' : label}</span>
    </button>
  );
}

import { CopyButton } from './copy-button';

/** A secret the API shows only in this answer (an API key, a signing secret, an invitation link). */
export function ShownOnce({ label, value, onDone }: { label: string; value: string; onDone(): void }) {
  return (
    <div class="notice success shown-once" role="status">
      <p>
        <strong>{label}</strong> — shown only now: copy it and keep it somewhere safe.
      </p>
      <p class="secret">
        <code>{value}</code> <CopyButton text={value} />
      </p>
      <button type="button" class="secondary small" onClick={onDone}>
        Done
      </button>
    </div>
  );
}

import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import type { ApiError } from '../api/client';

/**
 * Labelled form controls. Each shows its own problem (the API's `errors[]`
 * entry for its field) under it, tied to it by aria-describedby and marked
 * aria-invalid, so a screen reader says what is wrong where.
 */

interface FieldProps {
  label: string;
  error?: string;
  hint?: ComponentChildren;
}

function described(id: string, error?: string, hint?: ComponentChildren): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

function Messages({ id, error, hint }: { id: string; error?: string; hint?: ComponentChildren }) {
  return (
    <>
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} class="field-error">
          {error}
        </small>
      )}
    </>
  );
}

/** What the forms set on a text input besides its value. */
interface InputOptions {
  type?: 'text' | 'email' | 'password' | 'url' | 'search' | 'number' | 'date' | 'datetime-local';
  required?: boolean;
  disabled?: boolean;
  readOnly?: boolean;
  autoComplete?: string;
  placeholder?: string;
  min?: number | string;
  max?: number | string;
  inputMode?: 'numeric' | 'email' | 'url' | 'search';
}

type InputProps = FieldProps & InputOptions & { value: string; onInput(value: string): void };

export function TextField({ label, error, hint, value, onInput, type = 'text', ...options }: InputProps) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        // Preact types each input type's attributes apart; those set here suit all of them.
        type={type as 'text'}
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described(id, error, hint)}
        required={options.required}
        disabled={options.disabled}
        readOnly={options.readOnly}
        autoComplete={options.autoComplete}
        placeholder={options.placeholder}
        min={options.min}
        max={options.max}
        inputMode={options.inputMode}
      />
      <Messages id={id} error={error} hint={hint} />
    </div>
  );
}

type AreaProps = FieldProps & { value: string; onInput(value: string): void; rows?: number; spellcheck?: boolean };

export function TextArea({ label, error, hint, value, onInput, rows, spellcheck }: AreaProps) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <textarea
        id={id}
        value={value}
        rows={rows}
        spellcheck={spellcheck}
        onInput={(event) => onInput(event.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described(id, error, hint)}
      />
      <Messages id={id} error={error} hint={hint} />
    </div>
  );
}

export function Select<V extends string>({
  label,
  error,
  hint,
  value,
  options,
  onChange,
  disabled,
}: FieldProps & { value: V; options: readonly (readonly [V, string])[]; onChange(value: V): void; disabled?: boolean }) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(event.currentTarget.value as V)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described(id, error, hint)}
      >
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
      <Messages id={id} error={error} hint={hint} />
    </div>
  );
}

export function Checkbox({
  label,
  checked,
  onChange,
  disabled,
}: {
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
  disabled?: boolean;
}) {
  return (
    <label class="check">
      <input type="checkbox" checked={checked} disabled={disabled} onChange={(event) => onChange(event.currentTarget.checked)} />
      {label}
    </label>
  );
}

/** Checkboxes for a set of values, as a fieldset with a legend. */
export function CheckboxGroup<V extends string>({
  legend,
  values,
  selected,
  onChange,
  error,
  disabledValues = [],
}: {
  legend: string;
  values: readonly V[];
  selected: readonly V[];
  onChange(selected: V[]): void;
  error?: string;
  disabledValues?: readonly V[];
}) {
  const id = useId();
  return (
    <fieldset class="choices" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {values.map((value) => (
        <Checkbox
          key={value}
          label={value}
          checked={selected.includes(value)}
          disabled={disabledValues.includes(value)}
          onChange={(checked) => onChange(checked ? [...selected, value] : selected.filter((v) => v !== value))}
        />
      ))}
      {error && (
        <small id={`${id}-error`} class="field-error">
          {error}
        </small>
      )}
    </fieldset>
  );
}

/** The problem of a failed submission, announced; field messages show beside their fields. */
export function FormError({ error }: { error: ApiError | undefined }) {
  if (!error) return null;
  return (
    <div class="notice error" role="alert">
      <strong>{error.problem.title || 'Error'}</strong> {error.problem.detail}
    </div>
  );
}

import { BROWSERS, DEVICES, OPERATING_SYSTEMS } from '../api/enums';
import type { TargetingRule } from '../api/types';
import { CheckboxGroup, TextArea, TextField } from '../components/form';

/** A targeting rule as its form holds it: lists as typed, query parameters as `name=value` lines. */
export interface RuleDraft {
  url: string;
  device: NonNullable<TargetingRule['device']>;
  os: NonNullable<TargetingRule['os']>;
  browser: NonNullable<TargetingRule['browser']>;
  language: string;
  country: string;
  query: string;
}

export interface VariantDraft {
  name: string;
  url: string;
  weight: string;
}

const list = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export function ruleDraft(rule: TargetingRule): RuleDraft {
  return {
    url: rule.url,
    device: rule.device ?? [],
    os: rule.os ?? [],
    browser: rule.browser ?? [],
    language: (rule.language ?? []).join(', '),
    country: (rule.country ?? []).join(', '),
    query: Object.entries(rule.query ?? {})
      .map(([name, value]) => `${name}=${value}`)
      .join('\n'),
  };
}

/** The rule the API takes: only the conditions given. */
export function ruleOf(draft: RuleDraft): TargetingRule {
  const rule: TargetingRule = { url: draft.url.trim() };
  if (draft.device.length > 0) rule.device = draft.device;
  if (draft.os.length > 0) rule.os = draft.os;
  if (draft.browser.length > 0) rule.browser = draft.browser;
  if (list(draft.language).length > 0) rule.language = list(draft.language);
  if (list(draft.country).length > 0) rule.country = list(draft.country).map((code) => code.toUpperCase());
  const lines = draft.query.split('\n').filter((line) => line.includes('='));
  if (lines.length > 0)
    rule.query = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf('=')).trim(), line.slice(line.indexOf('=') + 1).trim()]));
  return rule;
}

const emptyRule = (): RuleDraft => ({ url: '', device: [], os: [], browser: [], language: '', country: '', query: '' });

/** The targeting rules, in order (the first that matches wins): add, remove, move. */
export function TargetingEditor({
  rules,
  onChange,
  errors,
}: {
  rules: RuleDraft[];
  onChange(rules: RuleDraft[]): void;
  errors: Record<string, string>;
}) {
  const set = (index: number, rule: RuleDraft) => onChange(rules.map((r, i) => (i === index ? rule : r)));
  const move = (index: number, by: number) => {
    const next = [...rules];
    [next[index], next[index + by]] = [next[index + by], next[index]];
    onChange(next);
  };
  return (
    <div class="rules">
      {errors.targeting && <p class="field-error">{errors.targeting}</p>}
      {rules.length === 0 && <p class="muted">No rules: every visitor goes to the link's URL (or its A/B split).</p>}
      <ol>
        {rules.map((rule, index) => (
          <li key={index} class="rule card">
            <fieldset>
              <legend>Rule {index + 1}</legend>
              <TextField
                label="Send matching visitors to"
                type="url"
                required
                value={rule.url}
                onInput={(url) => set(index, { ...rule, url })}
                error={errors[`targeting.${index}.url`]}
              />
              <div class="choice-row">
                <CheckboxGroup legend="Devices" values={DEVICES} selected={rule.device} onChange={(device) => set(index, { ...rule, device })} />
                <CheckboxGroup
                  legend="Operating systems"
                  values={OPERATING_SYSTEMS}
                  selected={rule.os}
                  onChange={(os) => set(index, { ...rule, os })}
                />
                <CheckboxGroup legend="Browsers" values={BROWSERS} selected={rule.browser} onChange={(browser) => set(index, { ...rule, browser })} />
              </div>
              <div class="row">
                <TextField
                  label="Languages"
                  hint="Comma-separated, e.g. de, fr-CA"
                  value={rule.language}
                  onInput={(language) => set(index, { ...rule, language })}
                  error={errors[`targeting.${index}.language`]}
                />
                <TextField
                  label="Countries"
                  hint="Comma-separated codes, e.g. DE, AT"
                  value={rule.country}
                  onInput={(country) => set(index, { ...rule, country })}
                  error={errors[`targeting.${index}.country`]}
                />
              </div>
              <TextArea
                label="Query parameters"
                hint="One name=value a line: the short URL must be opened with each"
                rows={2}
                value={rule.query}
                onInput={(query) => set(index, { ...rule, query })}
                error={errors[`targeting.${index}.query`]}
              />
              <div class="actions">
                <button type="button" class="secondary small" disabled={index === 0} onClick={() => move(index, -1)}>
                  Move up
                </button>
                <button type="button" class="secondary small" disabled={index === rules.length - 1} onClick={() => move(index, 1)}>
                  Move down
                </button>
                <button type="button" class="danger small" onClick={() => onChange(rules.filter((_, i) => i !== index))}>
                  Remove rule {index + 1}
                </button>
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      <button type="button" class="secondary" onClick={() => onChange([...rules, emptyRule()])}>
        Add a rule
      </button>
    </div>
  );
}

/** The A/B split: variants with weights in percent, which must add up to 100. */
export function VariantsEditor({
  variants,
  onChange,
  errors,
}: {
  variants: VariantDraft[];
  onChange(variants: VariantDraft[]): void;
  errors: Record<string, string>;
}) {
  const set = (index: number, variant: VariantDraft) => onChange(variants.map((v, i) => (i === index ? variant : v)));
  const total = variants.reduce((sum, v) => sum + (Number(v.weight) || 0), 0);
  return (
    <div class="variants">
      {errors.variants && <p class="field-error">{errors.variants}</p>}
      {variants.map((variant, index) => (
        <fieldset key={index} class="variant row">
          <legend>Variant {index + 1}</legend>
          <TextField
            label="Name"
            value={variant.name}
            onInput={(name) => set(index, { ...variant, name })}
            error={errors[`variants.${index}.name`]}
          />
          <TextField
            label="URL"
            type="url"
            required
            value={variant.url}
            onInput={(url) => set(index, { ...variant, url })}
            error={errors[`variants.${index}.url`]}
          />
          <TextField
            label="Weight (%)"
            type="number"
            min={0}
            max={100}
            inputMode="numeric"
            value={variant.weight}
            onInput={(weight) => set(index, { ...variant, weight })}
            error={errors[`variants.${index}.weight`]}
          />
          <button type="button" class="danger small" onClick={() => onChange(variants.filter((_, i) => i !== index))}>
            Remove variant {index + 1}
          </button>
        </fieldset>
      ))}
      {variants.length > 0 && (
        <p class={total === 100 ? 'muted' : 'field-error'} aria-live="polite">
          Weights add up to {total}%{total === 100 ? '' : ' (they must add up to 100)'}.
        </p>
      )}
      <button
        type="button"
        class="secondary"
        onClick={() =>
          onChange([...variants, { name: String.fromCharCode(97 + variants.length), url: '', weight: variants.length === 0 ? '100' : '0' }])
        }
      >
        Add a variant
      </button>
    </div>
  );
}

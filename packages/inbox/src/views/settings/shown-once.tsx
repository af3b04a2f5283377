import type { ComponentChildren } from 'preact';

/** A secret the server shows once (an API token, a webhook's signing secret): said so, and selected on focus for copying. */
export function ShownOnce({ value, label, children }: { value: string; label: string; children: ComponentChildren }) {
  return (
    <div class="new-token" role="status">
      <p>{children}: copy it now, it will not be shown again.</p>
      <input readOnly value={value} aria-label={label} onFocus={(e) => e.currentTarget.select()} />
    </div>
  );
}

/** Checkboxes named `name`, one per key of `options` (its label, and the key as the API spells it). */
export function Choices({ legend, name, options }: { legend: string; name: string; options: Record<string, string> }) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {Object.entries(options).map(([value, label]) => (
        <label>
          <input type="checkbox" name={name} value={value} /> {label} <code>{value}</code>
        </label>
      ))}
    </fieldset>
  );
}

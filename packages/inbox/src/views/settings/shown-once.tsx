import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

/**
 * A value to paste elsewhere (a token, a webhook URL): read-only, selected on focus, and a Copy
 * button. The clipboard is only there in a secure context; the selection always is.
 */
export function CopyField({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <span class="copy-field">
      <input readOnly value={value} aria-label={label} onFocus={(e) => e.currentTarget.select()} />
      <button type="button" aria-label={`${copied ? 'Copied' : 'Copy'} ${label}`} onClick={() => void navigator.clipboard?.writeText(value).then(() => setCopied(true), () => {})}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </span>
  );
}

/** A secret the server shows once (an API token, a webhook's signing secret): said so, ready to copy. */
export function ShownOnce({ value, label, children }: { value: string; label: string; children: ComponentChildren }) {
  return (
    <div class="new-token" role="status">
      <p>{children}: copy it now, it will not be shown again.</p>
      <CopyField value={value} label={label} />
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

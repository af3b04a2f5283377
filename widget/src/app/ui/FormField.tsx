import type { ComponentChild } from 'preact';
import { useChat } from './context';

/** What ties a form control to its label and its inline error. */
interface Control {
  id: string;
  'aria-invalid'?: 'true';
  'aria-describedby'?: string;
}

interface Props {
  id: string;
  label: string;
  optional?: boolean;
  error?: string;
  children(control: Control): ComponentChild;
}

/** A labelled form field, its error said under it and read with the control. */
export function FormField({ id, label, optional, error, children }: Props) {
  const t = useChat()[1].strings;
  return (
    <div class="p-field">
      <label for={id}>
        {label} {optional && <span class="p-muted">{t.optional}</span>}
      </label>
      {children({ id, ...(error && { 'aria-invalid': 'true', 'aria-describedby': `${id}-err` }) })}
      {error && (
        <span id={`${id}-err`} class="p-error">
          {error}
        </span>
      )}
    </div>
  );
}

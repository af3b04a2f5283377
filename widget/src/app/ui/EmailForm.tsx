import { useEffect, useRef, useState } from 'preact/hooks';
import { EMAIL } from '../validate';
import { useChat } from './context';

interface Props {
  id: string;
  label: string;
  action: string;
  initial?: string;
  /** Take focus on mount: the form replaces the button that opened it. */
  focus?: boolean;
  /** Called with a valid address; a string it resolves to is the server's refusal, shown inline. */
  onSave(email: string): Promise<string | void> | void;
}

/** One email field and its button, checked like protocol's Email before `onSave`; errors inline. */
export function EmailForm({ id, label, action, initial = '', focus, onSave }: Props) {
  const t = useChat()[1].strings;
  const [email, setEmail] = useState(initial);
  const [error, setError] = useState<string | void>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => void (focus && input.current?.focus()), []);
  return (
    <form
      class="p-email"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const value = email.trim();
        if (!EMAIL.test(value)) return setError(t.errEmail);
        setBusy(true);
        setError(await onSave(value));
        setBusy(false);
      }}
    >
      <label for={id}>{label}</label>
      <div class="p-row">
        <input
          ref={input}
          id={id}
          type="email"
          autoComplete="email"
          value={email}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-err` : undefined}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
        <button type="submit" class="p-primary" disabled={busy}>
          {action}
        </button>
      </div>
      {error && (
        <span id={`${id}-err`} class="p-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

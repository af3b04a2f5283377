import { useId, useState } from 'preact/hooks';

/**
 * A change the agent must put words to before it is sent: the question a ticket then waits on,
 * the subject a chat becomes a ticket under. The field is required, so Send stays disabled
 * while it is empty (or blank: it is sent trimmed). `send` settles once the change was made or
 * refused; the caller closes the form on success, and on a refusal it stays open with the text
 * kept, for another try after the error the header shows.
 */
export function AskForm(props: { label: string; help: string; multiline?: boolean; maxLength: number; submit: string; send: (text: string) => Promise<unknown>; onCancel: () => void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const id = useId();
  const value = text.trim();
  const field = {
    id,
    required: true,
    maxLength: props.maxLength,
    value: text,
    'aria-describedby': `${id}-help`,
    onInput: (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => setText(e.currentTarget.value),
  };
  return (
    <form
      class="ask"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!value || busy) return;
        setBusy(true);
        try {
          await props.send(value);
        } finally {
          setBusy(false);
        }
      }}
    >
      <label for={id}>{props.label}</label>
      {props.multiline ? <textarea {...field} /> : <input {...field} />}
      <p class="muted" id={`${id}-help`}>
        {props.help}
      </p>
      <div class="ask-bar">
        <button type="submit" class="primary" disabled={!value || busy}>
          {props.submit}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

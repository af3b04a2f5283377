import { useEffect, useRef, useState } from 'preact/hooks';
import { focusConsent } from './Consent';
import { useChat } from './context';

export function Composer() {
  const [chat, s] = useChat();
  const [text, setText] = useState('');
  const t = s.strings;
  const held = s.consent?.ticked === false;
  const input = useRef<HTMLTextAreaElement>(null);
  // A question carried over from the Help view: the visitor reads it, edits it, sends it.
  useEffect(() => {
    if (!s.prefill) return;
    setText(s.prefill);
    chat.state.set({ prefill: '' });
    input.current?.focus();
  }, [s.prefill]);
  const submit = (e?: Event) => {
    e?.preventDefault();
    if (held) return focusConsent(e?.currentTarget ?? null);
    if (!text.trim()) return;
    chat.send(text);
    setText('');
  };
  return (
    <form class="p-composer" onSubmit={submit}>
      <textarea
        ref={input}
        class="p-input"
        rows={1}
        aria-label={t.placeholder}
        placeholder={t.placeholder}
        maxLength={5000}
        value={text}
        onInput={(e) => {
          setText(e.currentTarget.value);
          chat.typed();
        }}
        onKeyDown={(e) => {
          // Enter sends, Shift+Enter is a new line; never while an IME is composing.
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) submit(e);
        }}
      />
      <button type="submit" class="p-send" aria-label={t.send} disabled={held || !text.trim()}>
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path fill="currentColor" d="M3 20.5 21 12 3 3.5 3 10l12 2-12 2z" />
        </svg>
      </button>
    </form>
  );
}

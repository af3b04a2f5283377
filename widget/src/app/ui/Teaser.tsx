import { useChat } from './context';

/** A proactive message (`Parley('showMessage', text)`) above the closed launcher. */
export function Teaser() {
  const [chat, s] = useChat();
  if (!s.teaser || s.open) return null;
  return (
    <div class="p-teaser" role="status">
      <button type="button" class="p-teaser-text" onClick={() => chat.host.open()}>
        {s.teaser}
      </button>
      <button type="button" class="p-icon p-teaser-x" aria-label={s.strings.dismiss} onClick={() => chat.state.set({ teaser: null })}>
        ×
      </button>
    </div>
  );
}

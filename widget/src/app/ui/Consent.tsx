import { useChat } from './context';

/**
 * The site's consent text and the box that lets the first message go out. The text is the
 * owner's, shown as plain text; the box is labelled "I agree" and described by it.
 */
export function Consent() {
  const [chat, s] = useChat();
  const c = s.consent;
  if (!c) return null;
  return (
    <div class="p-consent">
      <p id="p-consent-text">{c.text}</p>
      <label>
        <input
          id="p-consent"
          type="checkbox"
          checked={c.ticked}
          aria-describedby="p-consent-text"
          onChange={(e) => {
            const root = e.currentTarget.getRootNode() as ParentNode;
            chat.consent.tick(e.currentTarget.checked);
            // A known visitor's box goes once the server has their consent: the focus it had goes to the composer.
            void chat.consent.recording().then(() => chat.state.get().consent || root.querySelector<HTMLElement>('.p-input')?.focus());
          }}
        />
        {s.strings.agree}
      </label>
    </div>
  );
}

/** Enter or "Start" before the box is ticked: take the visitor to it. */
export const focusConsent = (from: EventTarget | null) => ((from as Node | null)?.getRootNode() as ParentNode | undefined)?.querySelector<HTMLElement>('#p-consent')?.focus();

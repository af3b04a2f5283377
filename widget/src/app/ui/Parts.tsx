import type { Message } from '@parley/protocol';
import { useChat } from './context';

/**
 * What a bot message carries beyond its text (MessageMeta): the source article card,
 * suggestion chips, "Was this helpful?" and "Talk to a person". Chips and the handoff
 * action only make sense on the latest message, while the bot still has the conversation.
 */
export function Parts({ message, latest }: { message: Message; latest: boolean }) {
  const [chat, s] = useChat();
  const { meta } = message;
  const t = s.strings;
  const botTurn = latest && s.current?.status === 'bot';
  const judged = s.judged.includes(message.id);
  return (
    <>
      {meta.sources?.slice(0, 3).map((src) => (
        <div class="p-source" key={src.id}>
          <span class="p-source-k">{t.source}</span>
          <span class="p-source-t">{src.title}</span>
        </div>
      ))}
      {meta.askFeedback &&
        (judged ? (
          <p class="p-note">{t.thanks}</p>
        ) : (
          <div class="p-feedback" role="group" aria-label={t.helpful}>
            <span>{t.helpful}</span>
            <button type="button" class="p-chip" onClick={() => chat.feedback(message.id, true)}>
              {t.yes}
            </button>
            <button type="button" class="p-chip" onClick={() => chat.feedback(message.id, false)}>
              {t.no}
            </button>
          </div>
        ))}
      {botTurn && (meta.suggestions?.length || meta.offerHandoff || meta.kind === 'offer_handoff') && (
        <div class="p-chips">
          {meta.suggestions?.map((c) => (
            <button type="button" class="p-chip" key={c.label} onClick={() => chat.send(c.label)}>
              {c.label}
            </button>
          ))}
          {(meta.offerHandoff || meta.kind === 'offer_handoff') && (
            <button type="button" class="p-chip p-chip-strong" onClick={() => chat.handoff()}>
              {t.talkToPerson}
            </button>
          )}
        </div>
      )}
    </>
  );
}

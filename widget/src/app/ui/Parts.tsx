import { Markdown } from '@parley/markdown-lite';
import type { Message, PublicArticle } from '@parley/protocol';
import { useState } from 'preact/hooks';
import { useChat } from './context';

/** The article a bot answer is grounded on: its title, opening to the full text in place. */
function SourceCard({ id, title }: { id: string; title: string }) {
  const [chat, s] = useChat();
  const [article, setArticle] = useState<PublicArticle | null>(null);
  const [open, setOpen] = useState(false);
  const toggle = () => {
    setOpen(!open);
    if (!article) chat.request<PublicArticle>('GET', `/articles/${encodeURIComponent(id)}`).then(setArticle, () => setOpen(false));
  };
  return (
    <div class="p-source">
      <button type="button" class="p-source-head" aria-expanded={open} onClick={toggle}>
        <span class="p-source-k">{s.strings.source}</span>
        <span class="p-source-t">{title}</span>
      </button>
      {open && article && (
        <div class="p-article">
          <Markdown text={article.body} />
        </div>
      )}
    </div>
  );
}

/** A read that failed: said in the panel, with a way to try again. */
export function Failed({ retry }: { retry: () => void }) {
  const t = useChat()[1].strings;
  return (
    <p class="p-error p-pad" role="alert">
      {t.error}{' '}
      <button type="button" class="p-link" onClick={retry}>
        {t.retry}
      </button>
    </p>
  );
}

/** "Was this helpful?", on a bot answer and under a help article; thanks once answered. */
export function Feedback({ judged, vote }: { judged: boolean; vote: (helpful: boolean) => void }) {
  const t = useChat()[1].strings;
  return judged ? (
    <p class="p-note">{t.thanks}</p>
  ) : (
    <div class="p-feedback" role="group" aria-label={t.helpful}>
      <span>{t.helpful}</span>
      <button type="button" class="p-chip" onClick={() => vote(true)}>
        {t.yes}
      </button>
      <button type="button" class="p-chip" onClick={() => vote(false)}>
        {t.no}
      </button>
    </div>
  );
}

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
  return (
    <>
      {meta.sources?.slice(0, 3).map((src) => (
        <SourceCard key={src.id} id={src.id} title={src.title} />
      ))}
      {meta.askFeedback && <Feedback judged={s.judged.includes(message.id)} vote={(helpful) => chat.feedback(message.id, helpful)} />}
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

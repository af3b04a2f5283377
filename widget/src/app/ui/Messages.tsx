import { Markdown } from '@parley/markdown-lite';
import type { Message } from '@parley/protocol';
import { useEffect, useRef, useState } from 'preact/hooks';
import { timeline, type Entry } from '../timeline';
import { useChat } from './context';
import { Parts } from './Parts';

const time = (iso: string, locale: string) => new Date(iso).toLocaleTimeString(locale, { hour: 'numeric', minute: '2-digit' });

function Status({ entry }: { entry: Entry }) {
  const [chat, s] = useChat();
  const t = s.strings;
  if (entry.delivery === 'failed')
    return (
      <span class="p-state p-failed">
        {t.failed}{' '}
        <button type="button" class="p-link" onClick={() => chat.retry(entry.key)}>
          {t.retry}
        </button>
      </span>
    );
  if (entry.delivery === 'sending') return <span class="p-state">{t.sending}</span>;
  const seen = (s.current?.agentLastReadId ?? 0) >= entry.message.id;
  return <span class="p-state">{seen ? t.seen : t.sent}</span>;
}

/**
 * The agent's photo, or their initial when they have none or it fails to load (a removed
 * photo's URL is a 404). Decorative: the name is written next to it.
 */
function Avatar({ name, url }: { name: string; url: string | null }) {
  // Remembers which URL failed, so a new URL gets its own try.
  const [failed, setFailed] = useState<string | null>(null);
  return url && failed !== url ? (
    <img class="p-avatar" src={url} alt="" onError={() => setFailed(url)} />
  ) : (
    <span class="p-avatar" aria-hidden="true">
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}

function Bubble({ entry, latest }: { entry: Entry; latest: boolean }) {
  const [, s] = useChat();
  const m: Message = entry.message;
  const type = m.author.type;
  const who = type === 'visitor' ? s.strings.you : type === 'agent' ? (m.author.name ?? s.strings.agent) : s.strings.bot;
  if (type === 'system') return <li class="p-msg p-system">{m.body}</li>;
  // A streamed answer is hidden from screen readers while it grows: the log announces the
  // stored message, a new row that replaces it in the same render, once.
  if (entry.delivery === 'streaming')
    return (
      <li class="p-msg p-bot" data-delivery="streaming" aria-hidden="true">
        <span class="p-author">{who}</span>
        <div class="p-bubble">
          <Markdown text={m.body} />
        </div>
      </li>
    );
  return (
    <li class={`p-msg p-${type}`} data-delivery={entry.delivery}>
      {type !== 'visitor' && (
        <span class="p-author">
          {type === 'agent' && <Avatar name={who} url={m.author.avatarUrl} />}
          {who}
        </span>
      )}
      <div class="p-bubble">{type === 'visitor' ? m.body : <Markdown text={m.body} />}</div>
      {type === 'bot' && <Parts message={m} latest={latest} />}
      <span class="p-meta">
        <time dateTime={m.createdAt}>{time(m.createdAt, s.locale)}</time>
        {type === 'visitor' && <Status entry={entry} />}
      </span>
    </li>
  );
}

export function Messages() {
  const [chat, s] = useChat();
  const entries = timeline(s.messages, s.pending, s.drafts);
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => end.current?.scrollIntoView?.({ block: 'end' }), [entries.length, s.typing, s.open, s.drafts]);
  const lastBot = [...entries].reverse().find((e) => e.message.author.type !== 'visitor' && e.delivery !== 'streaming');
  return (
    <div class="p-log" role="log" aria-live="polite" aria-relevant="additions" tabIndex={0}>
      <ol class="p-list">
      <li class="p-msg p-bot p-greeting">
        <div class="p-bubble">{chat.host.config.texts.greeting}</div>
      </li>
      {entries.map((e) => (
        <Bubble key={e.key} entry={e} latest={e === lastBot && entries[entries.length - 1] === e} />
      ))}
      {s.typing && (
        <li class="p-msg p-bot p-typing" aria-label={s.strings.typing}>
          <span class="p-dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
        </li>
      )}
        <li ref={end} class="p-end" aria-hidden="true" />
      </ol>
    </div>
  );
}

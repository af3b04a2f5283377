import { useEffect, useState } from 'preact/hooks';
import { newClientId } from '../api';
import type { Chat } from '../chat';
import { useChat } from '../ui/context';

/** Where the Help view can go from its home: a category's list, or one article. */
export type Page = { category: string } | { article: string };
export type Open = (page: Page) => void;

/**
 * A GET for the Help view: the visitor's token when there is one, else the site key (before any
 * chat), and the help visit it counts in (self-service measured on the server).
 */
export const get = <T,>(chat: Chat, path: string) =>
  chat.request<T>('GET', `${path}${path.includes('?') ? '&' : '?'}site=${encodeURIComponent(chat.host.site)}&session=${visit(chat)}`);

/** The help visit: the one this page load is in (maybe a help center's, carried here), else a new one. */
function visit(chat: Chat): string {
  if (!chat.state.get().helpSession) chat.state.set({ helpSession: newClientId('hs_') });
  return chat.state.get().helpSession;
}

/** Loads `path` (again when it changes, or on `retry`); an answer for an older path is dropped. */
export function useGet<T>(path: string) {
  const [chat] = useChat();
  const [data, setData] = useState<T | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setFailed(false);
    get<T>(chat, path).then(
      (d) => live && setData(d),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [path, attempt]);
  return { data, failed, retry: () => setAttempt(attempt + 1) };
}

export interface Link {
  key: string;
  title: string;
  detail: string;
  to: Page;
}

/** A list of articles or categories, each a button that opens it in the panel. */
export function Links({ links, open, label }: { links: Link[]; open: Open; label?: string }) {
  return (
    <ul class="p-links" aria-labelledby={label}>
      {links.map((l) => (
        <li key={l.key}>
          <button type="button" onClick={() => open(l.to)}>
            <b>{l.title}</b>
            {l.detail && <span>{l.detail}</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}

export const articleLinks = (articles: { id: string; title: string; snippet: string }[]): Link[] =>
  articles.map((a) => ({ key: a.id, title: a.title, detail: a.snippet, to: { article: a.id } }));

/** "Chat with us": a new conversation whose composer holds the visitor's question. */
export function ChatWithUs({ question }: { question: string }) {
  const [chat, s] = useChat();
  return (
    <p class="p-ask">
      {s.strings.notFound}{' '}
      <button type="button" class="p-chip p-chip-strong" onClick={() => chat.ask(question)}>
        {s.strings.chatWithUs}
      </button>
    </p>
  );
}

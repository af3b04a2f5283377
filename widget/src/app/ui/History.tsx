import { useChat } from './context';
import { YourData } from './YourData';

/** Past conversations, most recent first; picking one shows it. Below, what the visitor can do with their data. */
export function History() {
  const [chat, s] = useChat();
  const t = s.strings;
  return (
    <div class="p-history">
      {s.conversations.length === 0 && <p class="p-note">{t.noConversations}</p>}
      <ul>
        {s.conversations.map((c) => (
          <li key={c.id}>
            <button type="button" class="p-conv" onClick={() => chat.select(c)}>
              <span class="p-conv-text">{c.lastMessage?.body ?? '…'}</span>
              <time dateTime={c.updatedAt}>{new Date(c.updatedAt).toLocaleDateString(s.locale)}</time>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" class="p-primary" onClick={() => chat.newConversation()}>
        {t.newConversation}
      </button>
      {s.hasSession && <YourData />}
    </div>
  );
}

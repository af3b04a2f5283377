import { useChat } from './context';
import { YourData } from './YourData';

/**
 * Past conversations, most recent first; picking one shows it. Below, the way to a new one or to
 * the tickets ("Send us a message", "Your requests"), and what the visitor can do with their data.
 */
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
      <div class="p-chips">
        <button type="button" class="p-chip" onClick={chat.ticket}>
          {t.ticketNew}
        </button>
        <button type="button" class="p-chip" onClick={chat.tickets}>
          {t.tickets}
        </button>
      </div>
      {s.hasSession && <YourData />}
    </div>
  );
}

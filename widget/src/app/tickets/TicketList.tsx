import type { Conversation, TicketList as Tickets } from '@parley/protocol';
import { useEffect, useState } from 'preact/hooks';
import { useChat } from '../ui/context';
import { useHeading } from '../ui/focus';
import { Failed } from '../ui/Parts';
import { ago } from './ago';
import { ticketStatus } from './status';

/** The visitor's tickets, loaded when shown; a visitor the server does not know yet has none. */
function useTickets() {
  const [chat, s] = useChat();
  const [tickets, setTickets] = useState<Conversation[] | null>(null);
  const [failed, setFailed] = useState(false);
  const load = () => {
    setFailed(false);
    chat.request<Tickets>('GET', '/tickets').then(
      (r) => setTickets(r.tickets),
      () => setFailed(true),
    );
  };
  useEffect(() => (s.hasSession ? load() : setTickets([])), [s.hasSession]);
  return { tickets, failed, retry: load };
}

/**
 * "Your requests": reference, subject, status and last activity of each ticket, newest
 * activity first; one opens its thread in the panel, where replies go as in a chat.
 * `focus`: its heading takes the focus (not under a confirmation, which has it).
 */
export function TicketList({ focus }: { focus: boolean }) {
  const [chat, s] = useChat();
  const t = s.strings;
  const { tickets, failed, retry } = useTickets();
  const heading = useHeading(focus);
  return (
    <section aria-labelledby="p-tickets-h">
      <h3 id="p-tickets-h" ref={heading} tabIndex={-1}>
        {t.tickets}
      </h3>
      {failed && <Failed retry={retry} />}
      {tickets?.length === 0 && <p class="p-note">{t.noTickets}</p>}
      <ul>
        {tickets?.map((loaded) => {
          // The stream keeps the panel's conversations current; the list was read when shown.
          const live = s.conversations.find((x) => x.id === loaded.id);
          const c = live && live.updatedAt >= loaded.updatedAt ? live : loaded;
          return (
            <li key={c.id}>
              <button type="button" class="p-conv p-ticket" onClick={() => chat.select(c)}>
                <span class="p-conv-text">
                  <b>#{c.reference}</b> {c.subject}
                </span>{' '}
                <small class="p-muted">
                  {ticketStatus(t, c.status)} · <time dateTime={c.updatedAt}>{ago(c.updatedAt, s.locale)}</time>
                </small>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

import { useChat } from '../ui/context';
import { TicketForm } from './TicketForm';
import { TicketList } from './TicketList';

/** The tickets' views, a chunk of their own: "Send us a message", or "Your requests" with the way to send one. */
export function Tickets() {
  const [chat, s] = useChat();
  return (
    <div class="p-tickets">
      {s.view === 'ticket' ? (
        <TicketForm />
      ) : (
        <>
          <TicketList focus />
          <button type="button" class="p-primary" onClick={chat.ticket}>
            {s.strings.ticketNew}
          </button>
        </>
      )}
    </div>
  );
}

import type { InboxConversation } from '@parley/protocol';

/**
 * Marks a conversation a customer started on the site's WhatsApp number, with that number: a
 * site may have several, and replies there follow WhatsApp's rules (24 hours to answer freely, templates after).
 * A widget conversation gets no mark, the inbox's default. The icon is decoration: the word
 * carries the meaning, for screen readers too.
 */
export function ChannelMark({ conversation: c }: { conversation: Pick<InboxConversation, 'channel' | 'whatsapp'> }) {
  if (c.channel !== 'whatsapp') return null;
  const phone = c.whatsapp?.phone;
  return (
    <span class="chip whatsapp" data-testid="whatsapp-mark">
      <svg aria-hidden="true" viewBox="0 0 16 16" width="12" height="12">
        <path d="M8 1a7 7 0 0 0-6.1 10.4L1 15l3.7-.9A7 7 0 1 0 8 1Z" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" />
        <path d="M5.6 5.2c.2-.4.6-.4.8 0l.5 1.1c.1.2 0 .4-.1.6l-.4.4c.4.9 1.2 1.7 2.1 2.1l.4-.4c.2-.2.4-.2.6-.1l1.1.5c.4.2.4.6 0 .8-.5.5-1.2.7-1.9.4a6 6 0 0 1-3.5-3.5c-.3-.7-.1-1.4.4-1.9Z" fill="currentColor" />
      </svg>
      WhatsApp
      {phone && (
        <>
          <span class="sr-only">, number</span> {phone}
        </>
      )}
    </span>
  );
}

import type { Contact, DurableEvent, WebhookEventType, WebhookPayload } from '@parley/protocol';

/** A row of the events log, as the dispatcher reads it. */
export interface LogRow {
  id: number;
  siteId: string;
  visitorId: string | null;
  conversationId: string | null;
  payload: DurableEvent;
  /** `agents`: a private note, or another change the visitor never sees. */
  audience: 'all' | 'agents';
  createdAt: Date;
}

/** One webhook event an event of the log makes: its type, and what orders it among the endpoint's deliveries. */
export interface WebhookEvent {
  type: WebhookEventType;
  /** The conversation, or the contact: a receiver gets one's events in the order they happened. */
  orderKey: string;
  payload: WebhookPayload;
}

/**
 * The webhook events of one event of the log. `contact` is the visitor as stored now, for a
 * `contact.updated` (undefined once erased: nothing to announce). Read receipts and email
 * delivery states are for the inbox only.
 */
export function webhookEventsOf(row: LogRow, contact: Contact | undefined): WebhookEvent[] {
  const e = row.payload;
  const timestamp = row.createdAt.toISOString();
  const visitorId = row.visitorId ?? '';
  if (e.type === 'contact.updated')
    return contact
      ? [{ type: 'contact.updated', orderKey: `visitor:${e.visitorId}`, payload: { type: 'contact.updated', timestamp, data: { contact, changed: e.fields } } }]
      : [];
  if (e.type === 'contact.erased') {
    const data = { visitorId: e.visitorId, conversationIds: e.conversationIds };
    return [{ type: 'contact.erased', orderKey: `visitor:${e.visitorId}`, payload: { type: 'contact.erased', timestamp, data } }];
  }
  if (e.type === 'message.created') {
    const type = row.audience === 'agents' ? 'note.created' : 'message.created';
    return [
      {
        type,
        orderKey: e.conversationId,
        payload: { type, timestamp, data: { conversation: { id: e.conversationId, siteId: row.siteId, visitorId }, message: e.message } },
      },
    ];
  }
  if (e.type !== 'conversation.updated') return [];
  const conversation = { ...e.conversation, siteId: row.siteId, visitorId };
  const out: WebhookEvent[] = [];
  const add = (payload: WebhookPayload) => out.push({ type: payload.type as WebhookEventType, orderKey: e.conversationId, payload });
  const ticket = e.conversation.kind === 'ticket';
  if (e.changes === null) add({ type: 'conversation.created', timestamp, data: { conversation, by: e.by } });
  // A chat an agent made a ticket is a new ticket too.
  if (ticket && (e.changes === null || e.changes.kind)) add({ type: 'ticket.created', timestamp, data: { conversation, by: e.by } });
  if (e.changes?.status) {
    add({ type: 'conversation.status_changed', timestamp, data: { conversation, status: e.changes.status, by: e.by } });
    if (ticket) add({ type: 'ticket.status_changed', timestamp, data: { conversation, status: e.changes.status, by: e.by } });
  }
  if (e.changes?.assigneeId) add({ type: 'conversation.assigned', timestamp, data: { conversation, assigneeId: e.changes.assigneeId, by: e.by } });
  if ((e.changes?.rating || e.changes?.ratingComment) && e.conversation.rating !== null)
    add({ type: 'conversation.rated', timestamp, data: { conversation, rating: e.conversation.rating, comment: e.changes.ratingComment?.to ?? null } });
  return out;
}

import { and, count, desc, eq, inArray, notInArray } from 'drizzle-orm';
import { MAX_MESSAGE_LENGTH, WhatsAppWebhook, type MessageMeta, type WhatsAppInboundMessage } from '@parley/protocol';
import { hashToken, newToken } from '../auth/tokens';
import type { Deps } from '../core/deps';
import { newId } from '../db/ids';
import type { ConversationRow, VisitorRow, WhatsAppChannelRow } from '../db/rows';
import { conversations, messages, visitors, whatsappMedia } from '../db/tables';
import { commitAndPublish } from '../realtime/event-log';
import { byVisitor, conversationEvent, postServerMessage } from '../conversations/commands';
import { postVisitorReply } from '../tickets/follow-up';
import type { GraphClient } from './graph';
import { applyStatus } from './statuses';

const MEDIA_TYPES = ['image', 'document', 'audio', 'video', 'sticker'] as const;

/** The site's visitor for a WhatsApp number (one per number and site), made on their first message; their profile name fills a missing name. */
async function visitorFor(deps: Deps, siteId: string, waId: string, name: string | undefined): Promise<VisitorRow> {
  const { db } = deps;
  const mine = and(eq(visitors.siteId, siteId), eq(visitors.whatsappId, waId));
  await db
    .insert(visitors)
    .values({ id: newId('v'), siteId, tokenHash: hashToken(newToken('vt')), whatsappId: waId, phone: `+${waId}`, name: name ?? null })
    .onConflictDoNothing();
  const [row] = await db.select().from(visitors).where(mine).limit(1);
  if (name && !row!.name) return (await db.update(visitors).set({ name }).where(mine).returning())[0]!;
  return row!;
}

/**
 * The visitor's conversation on this number that is still going, else a new one (the bot's
 * first, as from the widget). A new one's client id is the count of those before it: two
 * deliveries from a new customer processed at once (two processes) make the same id, so one
 * conversation, not two.
 */
async function conversationFor(deps: Deps, visitor: VisitorRow, channel: WhatsAppChannelRow): Promise<ConversationRow> {
  const theirs = and(eq(conversations.visitorId, visitor.id), eq(conversations.whatsappChannelId, channel.id));
  const [open] = await deps.db
    .select()
    .from(conversations)
    .where(and(theirs, notInArray(conversations.status, ['resolved', 'closed'])))
    .orderBy(desc(conversations.createdAt))
    .limit(1);
  if (open) return open;
  const [{ before }] = (await deps.db.select({ before: count() }).from(conversations).where(theirs)) as [{ before: number }];
  const clientId = `wa:${channel.id}:${before}`;
  const made = await commitAndPublish(deps, async (tx) => {
    const [row] = await tx
      .insert(conversations)
      .values({ id: newId('c'), siteId: visitor.siteId, visitorId: visitor.id, clientId, channel: 'whatsapp', whatsappChannelId: channel.id })
      .onConflictDoNothing()
      .returning();
    if (!row) return { row: (await tx.select().from(conversations).where(and(eq(conversations.visitorId, visitor.id), eq(conversations.clientId, clientId))))[0]!, logged: [] };
    return { row, logged: [conversationEvent(tx, row, byVisitor)] };
  });
  return made!.row;
}

/** Whether a message with this WhatsApp id is stored in any of the visitor's conversations already (Meta delivers at least once). */
async function alreadyStored(deps: Deps, visitorId: string, wamid: string): Promise<boolean> {
  const [found] = await deps.db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.clientId, wamid), inArray(messages.conversationId, deps.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.visitorId, visitorId)))))
    .limit(1);
  return found !== undefined;
}

/**
 * A bare number answering the bot's numbered "Did you mean" options (WhatsApp has no chips):
 * the option's text, as a tap on the widget's chip sends. Anything else is the customer's own words.
 */
async function chosenOption(deps: Deps, conversationId: string, text: string): Promise<string> {
  const n = /^(\d{1,2})\.?$/.exec(text.trim())?.[1];
  if (!n) return text;
  const [last] = await deps.db
    .select({ authorType: messages.authorType, meta: messages.meta })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.internal, false)))
    .orderBy(desc(messages.id))
    .limit(1);
  return (last?.authorType === 'bot' && last.meta.suggestions?.[Number(n) - 1]?.label) || text;
}

type Content = { body: string; meta: MessageMeta } | { unsupported: string };

/** What a message says, as a visitor message: its text, a button's or list's choice as text, a file fetched and kept (agents open it). */
async function contentOf(deps: Deps, graph: GraphClient, conversationId: string, m: WhatsAppInboundMessage): Promise<Content> {
  const meta: MessageMeta = { channel: 'whatsapp' };
  if (m.type === 'text' && m.text) return { body: m.text.body, meta };
  if (m.type === 'button' && m.button) return { body: m.button.text, meta };
  const choice = m.interactive?.button_reply?.title ?? m.interactive?.list_reply?.title;
  if (m.type === 'interactive' && choice) return { body: choice, meta };
  const type = MEDIA_TYPES.find((t) => t === m.type);
  const media = type && m[type];
  if (!type || !media) return { unsupported: m.type };
  const label = media.caption?.trim() || media.filename || `[${type}]`;
  const fetched = await graph.media(media.id, deps.config.PARLEY_WHATSAPP_MEDIA_MAX_BYTES);
  if (!fetched || 'tooLarge' in fetched) return { body: `${label} (${type} not kept: over ${deps.config.PARLEY_WHATSAPP_MEDIA_MAX_BYTES} bytes)`, meta };
  const id = newId('wam');
  await deps.db.insert(whatsappMedia).values({ id, conversationId, mime: media.mime_type ?? fetched.mime, filename: media.filename ?? null, bytes: fetched.bytes });
  return { body: label, meta: { ...meta, attachment: { url: `/v1/inbox/whatsapp/media/${id}`, mime: media.mime_type ?? fetched.mime, name: media.filename ?? null } } };
}

/**
 * One message from a customer: their visitor (by wa_id), their conversation, and the message
 * in it through the same write as the widget's (the bot answers, routing, live in the inbox),
 * once per WhatsApp message id. A type Parley cannot show becomes a line for the agents.
 */
async function receiveMessage(deps: Deps, channel: WhatsAppChannelRow, graph: GraphClient, m: WhatsAppInboundMessage, name: string | undefined): Promise<void> {
  const visitor = await visitorFor(deps, channel.siteId, m.from, name);
  if (await alreadyStored(deps, visitor.id, m.id)) return;
  const conversation = await conversationFor(deps, visitor, channel);
  const content = await contentOf(deps, graph, conversation.id, m);
  if ('unsupported' in content) {
    const body = `The customer sent a WhatsApp message of a kind Parley cannot show (${content.unsupported.slice(0, 40)}).`;
    await postServerMessage(deps, { conversationId: conversation.id, authorType: 'system', body, internal: true, clientId: m.id });
    return;
  }
  const body = (await chosenOption(deps, conversation.id, content.body)).slice(0, MAX_MESSAGE_LENGTH);
  await postVisitorReply(deps, conversation, m.id, body, content.meta);
}

/**
 * A webhook delivery, as kept by the webhook route: each change for this channel's number
 * (one for another number is never read: a channel's id cannot route another site's
 * messages), its messages, then its statuses. Safe to run again: each part happens once.
 */
export async function processDelivery(deps: Deps, channel: WhatsAppChannelRow, graph: GraphClient, body: string): Promise<void> {
  const delivery = WhatsAppWebhook.parse(JSON.parse(body));
  for (const entry of delivery.entry)
    for (const { value } of entry.changes) {
      if (value.metadata?.phone_number_id !== channel.phoneNumberId) continue;
      const names = new Map((value.contacts ?? []).map((c) => [c.wa_id, c.profile?.name?.trim() || undefined]));
      // A wa_id is a phone number's digits; anything else is not a sender Parley can answer.
      for (const m of value.messages ?? []) if (/^\d{5,20}$/.test(m.from)) await receiveMessage(deps, channel, graph, m, names.get(m.from));
      for (const s of value.statuses ?? []) await applyStatus(deps, channel, s);
    }
}


import { asc, eq, inArray } from 'drizzle-orm';
import type { ContactExport } from '@parley/protocol';
import type { Db } from '../db/store';
import { agents, articleFeedback, consentRecords, conversations, emailLog, helpSearches, helpSessions, messageFeedback, messages, visitorTokens, whatsappMedia } from '../db/tables';
import { getContact } from './contacts';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * Every table that holds a visitor's data, and where the export has it; tables with a visitor
 * or conversation column that are left out, and why. A test fails when a table with such a
 * column is in neither (test/contact-export.test.ts), so a new one cannot be forgotten.
 */
export const EXPORT_COVERAGE = {
  exported: {
    visitors: 'contact',
    visitor_tokens: 'devices',
    conversations: 'conversations',
    messages: 'conversations[].messages',
    email_log: 'conversations[].emails',
    message_feedback: 'feedback',
    article_feedback: 'feedback',
    consent_records: 'consents',
    help_sessions: 'helpSearches (the searches of their help visits)',
    whatsapp_media: 'conversations[].files',
  },
  left: {
    events: 'the realtime log repeats the messages and changes exported above, for streams catching up, and is pruned',
    conversation_reads: "how far each agent has read: the agents' data, not the visitor's",
    // Tables that hold a visitor's data by way of another (a message id, an event's body).
    bot_gap_reviews: "an agent's decision about a question, which is exported as the visitor's message",
    webhook_deliveries: "copies of events sent to the account's own systems, exported above as what they copy",
    whatsapp_messages: 'where each message to WhatsApp stands (sent, delivered, read): the messages are exported above',
  },
} as const;

/** The account's visitor `id` and everything held about them; another account's visitor is 404. */
export async function exportContact(db: Db, accountId: string, id: string): Promise<ContactExport> {
  const contact = await getContact(db, accountId, id);
  const convs = await db.select().from(conversations).where(eq(conversations.visitorId, id)).orderBy(asc(conversations.createdAt), asc(conversations.id));
  const ids = convs.map((c) => c.id);
  const [msgs, mails, files, devices, onMessages, onArticles, consents, searches] = await Promise.all([
    ids.length
      ? db
          .select({ message: messages, agentName: agents.name })
          .from(messages)
          .leftJoin(agents, eq(agents.id, messages.authorAgentId))
          .where(inArray(messages.conversationId, ids))
          .orderBy(asc(messages.id))
      : [],
    ids.length ? db.select().from(emailLog).where(inArray(emailLog.conversationId, ids)).orderBy(asc(emailLog.messageId)) : [],
    ids.length ? db.select().from(whatsappMedia).where(inArray(whatsappMedia.conversationId, ids)).orderBy(asc(whatsappMedia.createdAt)) : [],
    db.select({ createdAt: visitorTokens.createdAt }).from(visitorTokens).where(eq(visitorTokens.visitorId, id)).orderBy(asc(visitorTokens.createdAt)),
    db.select().from(messageFeedback).where(eq(messageFeedback.visitorId, id)),
    db.select().from(articleFeedback).where(eq(articleFeedback.visitorId, id)),
    db.select().from(consentRecords).where(eq(consentRecords.visitorId, id)).orderBy(asc(consentRecords.version)),
    db
      .select({ query: helpSearches.query, results: helpSearches.results, createdAt: helpSearches.createdAt })
      .from(helpSearches)
      .innerJoin(helpSessions, eq(helpSessions.id, helpSearches.sessionId))
      .where(eq(helpSessions.visitorId, id))
      .orderBy(asc(helpSearches.createdAt), asc(helpSearches.id)),
  ]);
  return {
    exportedAt: new Date().toISOString(),
    contact,
    // The browser the visitor was made in, then each one an identified user signed in on.
    devices: [{ createdAt: contact.createdAt }, ...devices.map((d) => ({ createdAt: d.createdAt.toISOString() }))],
    conversations: convs.map((c) => ({
      id: c.id,
      status: c.status,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
      resolvedAt: iso(c.resolvedAt),
      rating: c.rating,
      ratingComment: c.ratingComment,
      messages: msgs
        .filter((m) => m.message.conversationId === c.id)
        .map(({ message: m, agentName }) => ({
          id: m.id,
          author: { type: m.authorType, name: agentName },
          body: m.body,
          internal: m.internal,
          createdAt: m.createdAt.toISOString(),
        })),
      emails: mails.filter((e) => e.conversationId === c.id).map((e) => ({ messageId: e.messageId, to: e.to, status: e.status, sentAt: iso(e.sentAt) })),
      files: files
        .filter((f) => f.conversationId === c.id)
        .map((f) => ({ id: f.id, mime: f.mime, filename: f.filename, createdAt: f.createdAt.toISOString(), base64: f.bytes.toString('base64') })),
    })),
    feedback: [
      ...onMessages.map((f) => ({ on: 'message' as const, id: String(f.messageId), helpful: f.helpful, createdAt: f.createdAt.toISOString() })),
      ...onArticles.map((f) => ({ on: 'article' as const, id: f.articleId, helpful: f.helpful, createdAt: f.createdAt.toISOString() })),
    ],
    consents: consents.map((r) => ({ version: r.version, text: r.text, createdAt: r.createdAt.toISOString() })),
    helpSearches: searches.map((s) => ({ ...s, createdAt: s.createdAt.toISOString() })),
  };
}

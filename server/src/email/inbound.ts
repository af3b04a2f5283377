import { createHash } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { eq, isNull } from 'drizzle-orm';
import { Email, MAX_MESSAGE_LENGTH, withoutForbiddenChars, type InboundEmailResult, type MessageMeta } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { byVisitor } from '../conversations/commands';
import { changeConversation, type ConversationPatch } from '../conversations/change';
import { postVisitorReply } from '../tickets/follow-up';
import type { ConversationRow } from '../db/rows';
import { handOff } from '../bot/handoff';
import { conversations, visitors } from '../db/tables';
import { rateLimiter } from '../core/limits';
import { updateVisitor } from '../visitors/contact-update';
import { conversationForRecipient } from './reply-address';
import { replyText } from './reply-text';

export interface InboundRefusal {
  ok: false;
  reason: 'unknown_recipient' | 'unparsable' | 'rate_limited';
}

/*
 * A reply address works like a password that travels in every mail (forwards and CCs keep
 * it), and each stored mail is a message the agents must read: a few a minute per
 * conversation is more than a person writes. Per process, like the API's rate limits.
 */
const MAILS_PER_MINUTE = 6;
export type InboundOutcome = { ok: true; result: InboundEmailResult } | InboundRefusal;

async function parse(raw: Buffer): Promise<ParsedMail | undefined> {
  try {
    // Attachments are parsed only to be counted and dropped: a reply in the chat is text (README caveats).
    // Loaded with the first mail: ~10 MB of memory that installs without inbound email never need.
    const { simpleParser } = await import('mailparser');
    const mail = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
    return mail.headers.size > 0 && (mail.text !== undefined || mail.html !== false) ? mail : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The message's clientId comes from its Message-ID, so a mail delivered twice (a provider's
 * retry, the SMTP listener and the webhook both fed) is stored once. A mail without one
 * falls back to its bytes, which a plain redelivery repeats.
 */
function clientIdFor(mail: ParsedMail, raw: Buffer): string {
  const digest = createHash('sha256')
    .update(mail.messageId ?? raw)
    .digest('base64url');
  return `email-${digest.slice(0, 40)}`;
}

/** Marks the message as emailed for the inbox, with the attachments it could not keep. */
function emailMeta(mail: ParsedMail): MessageMeta {
  const dropped = mail.attachments.length;
  return { channel: 'email', ...(dropped > 0 ? { droppedAttachments: dropped } : {}) };
}

/**
 * After an emailed message, in one write: the agents' answers go back by email too
 * (follow-up.ts mails a flagged conversation's agent replies; a visitor reached through a
 * transcript mail was never on the offline path), and a conversation their message left with
 * the bot (it was the bot's, or was resolved with nobody assigned) is handed off as by "Talk
 * to a person": they read their mail, not the widget where a bot reply would appear. Runs in
 * the tick that committed the message, so the bot worker then finds it queued and stays out.
 * The sender's address is kept when the visitor had none; one they gave is never replaced by
 * a From header anyone can write.
 */
async function continueByEmail(deps: Deps, conversationId: string, mail: ParsedMail): Promise<void> {
  const row = (await deps.db.select().from(conversations).where(eq(conversations.id, conversationId)).limit(1))[0];
  if (!row) return;
  const from = Email.safeParse(mail.from?.value[0]?.address);
  if (from.success) {
    const [visitor] = await deps.db.select().from(visitors).where(eq(visitors.id, row.visitorId)).limit(1);
    if (visitor?.email === null) await updateVisitor(deps, visitor, { email: from.data }, isNull(visitors.email));
  }
  const flag: ConversationPatch = row.emailFollowUp ? {} : { emailFollowUp: true };
  const handedOff = row.status === 'bot' && (await handOff(deps, row.id, { reason: 'email_reply', by: byVisitor, also: flag }));
  if (!handedOff && !row.emailFollowUp) await changeConversation(deps, row.id, flag, byVisitor);
}

/** The reply stored in one of its conversations: the mail is parsed already. */
async function store(deps: Deps, conversation: ConversationRow, mail: ParsedMail, raw: Buffer): Promise<InboundOutcome> {
  // mailparser fills `text` from the HTML part when the mail has no text part.
  const body = withoutForbiddenChars(replyText(mail.text ?? '').slice(0, MAX_MESSAGE_LENGTH)).trim();
  if (!body) return { ok: true, result: { outcome: 'empty', conversationId: conversation.id, messageId: null } };
  // A reply to a closed ticket opens a new one (tickets/follow-up.ts): the mail's outcome names it.
  const { message, created } = await postVisitorReply(deps, conversation, clientIdFor(mail, raw), body, emailMeta(mail));
  // Also for a duplicate: if storing succeeded and what follows failed (or the process died
  // in between), the sender's retry finishes it; it does nothing the second time.
  await continueByEmail(deps, message.conversationId, mail);
  return { ok: true, result: { outcome: created ? 'stored' : 'duplicate', conversationId: message.conversationId, messageId: message.id } };
}

/**
 * A visitor's emailed reply, from either way in (SMTP listener, webhook), with an outcome per
 * recipient: each recipient's token names a conversation, the mail is parsed once, and what
 * the visitor wrote above the quote becomes a visitor message in each through the same write
 * as a widget message (live in the inbox and widget; a resolved conversation reopens),
 * marked as emailed, and for a person.
 */
export async function receiveReply(deps: Deps, recipients: readonly string[], raw: Buffer): Promise<InboundOutcome[]> {
  const targets: (ConversationRow | InboundRefusal)[] = [];
  for (const recipient of recipients) {
    const conversation = await conversationForRecipient(deps.db, recipient);
    if (!conversation) targets.push({ ok: false, reason: 'unknown_recipient' });
    else
      targets.push(
        (await rateLimiter(deps, 'mails-per-conversation', MAILS_PER_MINUTE, MAILS_PER_MINUTE).take(conversation.id))
          ? conversation
          : { ok: false, reason: 'rate_limited' },
      );
  }
  const refused = (t: ConversationRow | InboundRefusal): t is InboundRefusal => 'ok' in t;
  const mail = targets.every(refused) ? undefined : await parse(raw);
  const outcomes: InboundOutcome[] = [];
  for (const t of targets) outcomes.push(refused(t) ? t : mail ? await store(deps, t, mail, raw) : { ok: false, reason: 'unparsable' });
  return outcomes;
}

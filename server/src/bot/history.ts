import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { MessageMeta } from '@parley/protocol';
import type { Db } from '../db/store';
import { jsonNumber } from '../db/dialect';
import { preparedFor } from '../db/prepared';
import { messageFeedback, messages } from '../db/tables';
import type { PastTurn } from './plan';
import type { TranscriptLine } from './triage';

/** How far back the bot looks: enough for a summary and the streak, bounded for cost. */
const LOOKBACK = 24;

export interface BotHistory {
  /** Visitor and bot messages before the one being answered, oldest first. */
  lines: TranscriptLine[];
  /** The bot's own turns, newest first. */
  turns: PastTurn[];
}

// Both run on every bot turn: prepared once, like the rest of the message path (db/prepared.ts).
const ph = sql.placeholder;
const recentLines = preparedFor('recentLines', (db) =>
  db
    .select({ id: messages.id, authorType: messages.authorType, body: messages.body, meta: messages.meta, helpful: messageFeedback.helpful })
    .from(messages)
    .leftJoin(messageFeedback, eq(messageFeedback.messageId, messages.id))
    .where(
      and(
        eq(messages.conversationId, ph('conversationId')),
        eq(messages.internal, false),
        lt(messages.id, ph('beforeId')),
        sql`${messages.authorType} in ('visitor', 'bot')`,
      ),
    )
    .orderBy(desc(messages.id))
    .limit(LOOKBACK),
);
const replyTo = preparedFor('replyTo', (db) =>
  db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(eq(messages.conversationId, ph('conversationId')), eq(messages.internal, false), eq(jsonNumber(messages.meta, 'replyTo'), ph('visitorMessageId'))),
    ),
);

/** The visible visitor/bot messages of one conversation before `beforeId` (all when omitted). */
export async function botHistory(db: Db, conversationId: string, beforeId = Number.MAX_SAFE_INTEGER): Promise<BotHistory> {
  const rows = (await recentLines(db).execute({ conversationId, beforeId })).reverse();
  const lines = rows.map((r): TranscriptLine => {
    const meta: MessageMeta = r.meta;
    return r.authorType === 'visitor'
      ? { from: 'visitor', text: r.body }
      : {
          from: 'bot',
          text: r.body,
          kind: meta.kind,
          articleTitle: meta.sources?.[0]?.title,
          sourceId: meta.sourceArticleIds?.[0],
          confidence: meta.confidence,
        };
  });
  const turns = rows
    .filter((r) => r.authorType === 'bot' && r.meta.kind !== undefined)
    .reverse()
    .map((r): PastTurn => ({ kind: r.meta.kind, notHelpful: r.helpful === false }));
  return { lines, turns };
}

/** Whether the bot already replied to this visitor message (a redelivery or a restart). */
export async function alreadyAnswered(db: Db, conversationId: string, visitorMessageId: number): Promise<boolean> {
  return !!(await replyTo(db).execute({ conversationId, visitorMessageId }))[0];
}

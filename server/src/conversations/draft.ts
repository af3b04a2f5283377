import { and, desc, eq } from 'drizzle-orm';
import type { Draft } from '@parley/protocol';
import type { Db } from '../db/connection';
import { messages } from '../db/schema';
import { findArticle } from '../kb/articles';
import { searchArticles } from '../kb/search';
import type { ConversationRow } from './mappers';

/**
 * Suggests a reply for the agent to edit (SPEC §8): never sent by itself. This is the seam
 * for the bot's providers: `local` (here) answers with the best-matching published article;
 * an `anthropic` drafter grounded on the transcript and the KB plugs in behind the same
 * interface once the bot's provider layer exposes one.
 */
export interface DraftProvider {
  draft(conversation: ConversationRow): Promise<Draft>;
}

const NOTHING = "Thanks for your patience — let me look into this for you.";

export function localDraftProvider(db: Db): DraftProvider {
  return {
    async draft(conversation) {
      // The visitor's latest words say best what the reply must answer.
      const recent = db
        .select({ body: messages.body })
        .from(messages)
        .where(and(eq(messages.conversationId, conversation.id), eq(messages.authorType, 'visitor')))
        .orderBy(desc(messages.id))
        .limit(3)
        .all();
      for (const { body } of recent) {
        const [best] = searchArticles(db, conversation.siteId, body, 1);
        const article = best && findArticle(db, conversation.siteId, best.id);
        if (article) return { body: article.body.trim(), sources: [{ id: article.id, title: article.title }] };
      }
      return { body: NOTHING, sources: [] };
    },
  };
}

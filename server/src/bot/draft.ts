import { and, desc, eq, inArray } from 'drizzle-orm';
import type { ProviderChoice } from './providers/from-config';
import type { DraftProvider } from '../conversations/inbox-routes';
import type { GroundingArticle } from './providers/provider';
import type { Db } from '../db/store';
import { messages } from '../db/tables';
import { matchingArticles } from '../kb/search';
import { findSiteById, siteSettings } from '../sites/sites';

const FALLBACK = 'Thanks for your patience — let me look into this for you.';
const HISTORY = 20;

/**
 * Drafts through the provider the site's bot uses (`bot.provider`: with ANTHROPIC_API_KEY,
 * Claude grounded on the conversation and the site's articles, falling back to local;
 * otherwise local, which answers with the best-matching article). The question is the visitor's latest message; the
 * articles are the best matches for their recent messages; agent replies count as our side of
 * the history, like the bot's.
 */
export function providerDraft(db: Db, providers: ProviderChoice): DraftProvider {
  return {
    async draft(conversation) {
      const lines = (
        await db
          .select({ authorType: messages.authorType, body: messages.body })
          .from(messages)
          .where(and(eq(messages.conversationId, conversation.id), eq(messages.internal, false), inArray(messages.authorType, ['visitor', 'bot', 'agent'])))
          .orderBy(desc(messages.id))
          .limit(HISTORY)
      ).reverse();
      const visitorLines = lines.filter((l) => l.authorType === 'visitor');
      const asked = lines.lastIndexOf(visitorLines.at(-1)!);
      if (asked < 0) return { body: FALLBACK, sources: [] };

      const articles = new Map<string, GroundingArticle>();
      for (const l of [...visitorLines].reverse().slice(0, 3)) {
        for (const a of await matchingArticles(db, conversation.siteId, l.body, 3)) {
          if (articles.size < 5) articles.set(a.id, { id: a.id, title: a.title, body: a.body });
        }
      }
      if (articles.size === 0) return { body: FALLBACK, sources: [] };

      const site = await findSiteById(db, conversation.siteId);
      const answer = await providers({ id: conversation.siteId, provider: site ? siteSettings(site).bot.provider : 'local' }).answer({
        question: lines[asked]!.body,
        history: lines.slice(0, asked).map((l) => ({ from: l.authorType === 'visitor' ? ('visitor' as const) : ('bot' as const), text: l.body })),
        articles: [...articles.values()],
        locale: conversation.language ?? 'en',
      });
      const cited = answer.citedIds.flatMap((id) => {
        const a = articles.get(id);
        return a ? [{ id: a.id, title: a.title }] : [];
      });
      return { body: answer.text.trim() || FALLBACK, sources: cited };
    },
  };
}

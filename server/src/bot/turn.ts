import type { ChangedBy, Message, MessageMeta } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { postServerMessage } from '../conversations/commands';
import { publishTyping } from '../conversations/visitor-actions';
import { visitorTopic, siteTopic } from '../realtime/event-bus';
import { botTurnContext, stillTheBots } from './context';
import { handOff } from './handoff';
import { alreadyAnswered, botHistory } from './history';
import { handoffIntent } from './intents';
import type { KbRetrievers, RankedArticle } from './kb-retriever';
import { CHIPS, plan, unhelpfulStreak, type Plan } from './plan';
import type { ProviderChoice } from './providers/from-config';

export interface BotDeps {
  deps: Deps;
  retrievers: KbRetrievers;
  /** Picks the provider from the site's `bot.provider` setting (read on every message) and its Claude budget. */
  providers: ProviderChoice;
}

export interface TurnResult {
  /** What the bot decided; null when it stayed out (not in `bot` status, already answered). */
  plan: Plan | null;
  /** Retrieval's ranking for the message, best first (what `pnpm eval:faq` scores). */
  ranked: RankedArticle[];
  /** The bot's visible reply, when it wrote one (a handoff writes a system message instead). */
  reply: Message | null;
}

const byBot: ChangedBy = { type: 'bot', agentId: null };
const round = (x: number) => Math.round(x * 1000) / 1000;
const chip = (r: RankedArticle) => ({ label: r.article.title, articleId: r.article.id });

/**
 * Runs the pipeline for one visitor message and writes the outcome. Safe to call twice for
 * the same message (a restart, a redelivery): it replies at most once, and never in a
 * conversation that is no longer the bot's.
 */
export async function answerVisitorMessage(bot: BotDeps, messageId: number): Promise<TurnResult> {
  const { db } = bot.deps;
  const none: TurnResult = { plan: null, ranked: [], reply: null };
  const turn = await botTurnContext(db, messageId, 'visitor');
  if (!turn || (await alreadyAnswered(db, turn.conversation.id, messageId))) return none;
  const { message, conversation, site, settings, texts } = turn;
  // The bot never answers an emailed message (the visitor reads their mail, not the widget).
  // inbound.ts hands it off right after storing it; this covers a crash in between.
  if (message.meta.channel === 'email') {
    await handOff(bot.deps, conversation.id, { reason: 'email_reply', by: byBot });
    return none;
  }
  const history = await botHistory(db, conversation.id, messageId);

  const intent = handoffIntent(message.body);
  const ranked = intent ? [] : await bot.retrievers.search(site.id, message.body, 1 + CHIPS);
  const decided = plan({ intent, ranked, settings: settings.bot, unhelpfulBefore: unhelpfulStreak(history.turns) });
  // Recorded whatever the bot does with it, so a miss still shows what it took the question for.
  const detected = intent ?? ranked[0]?.article.id;
  const post = async (body: string, meta: MessageMeta): Promise<Message | null> =>
    // Checked and written in the same tick: nothing can take the conversation in between.
    (await stillTheBots(db, conversation.id))
      ? await postServerMessage(bot.deps, {
          conversationId: conversation.id,
          authorType: 'bot',
          body,
          meta: { ...meta, ...(detected ? { intent: detected } : {}), replyTo: messageId },
        })
      : null;
  const handoff = async (reason: string) => {
    await handOff(bot.deps, conversation.id, { reason, by: byBot, ...(detected ? { intent: detected } : {}) });
    return { plan: decided, ranked, reply: null };
  };

  switch (decided.kind) {
    case 'handoff':
      return handoff(decided.reason);
    case 'clarify':
      return {
        plan: decided,
        ranked,
        reply: await post(texts.bot.clarify, {
          kind: 'clarify',
          confidence: round(decided.options[0]?.confidence ?? 0),
          suggestions: decided.options.map(chip),
          offerHandoff: true,
        }),
      };
    case 'offer_handoff':
      return {
        plan: decided,
        ranked,
        reply: await post(decided.reason === 'unhelpful' ? texts.bot.offerAfterUnhelpful : texts.bot.offerHandoff, {
          kind: 'offer_handoff',
          confidence: round(ranked[0]?.confidence ?? 0),
          offerHandoff: true,
          ...(decided.options.length > 0 ? { suggestions: decided.options.map(chip) } : {}),
        }),
      };
    case 'answer': {
      const grounding = [decided.top, ...decided.related].map((r) => ({ id: r.article.id, title: r.article.title, body: r.article.body }));
      const topics = [visitorTopic(conversation.visitorId), siteTopic(conversation.siteId)];
      // The visitor sees the bot typing until the first piece, and "stopped" once the answer
      // is stored or abandoned, which also tells the widget to drop a draft nothing completes.
      const typing = (isTyping: boolean) => publishTyping(bot.deps, conversation, 'bot', isTyping);
      typing(true);
      try {
        const answer = await bot.providers({ id: site.id, provider: settings.bot.provider }).answer({
          question: message.body,
          history: history.lines.map((l) => ({ from: l.from, text: l.text })),
          articles: grounding,
          locale: texts.locale,
          onDelta: (text) => bot.deps.bus.publish(topics, { type: 'bot.delta', conversationId: conversation.id, replyTo: messageId, text }),
        });
        if (answer.handoff) return handoff('provider');
        // The agents see why a site set to Claude got the article instead.
        const local: MessageMeta = answer.localFallback ? { localFallback: answer.localFallback } : {};
        const cited = decided.related.concat(decided.top).filter((r) => answer.citedIds.includes(r.article.id));
        cited.sort((a, b) => answer.citedIds.indexOf(a.article.id) - answer.citedIds.indexOf(b.article.id));
        const meta: MessageMeta =
          cited.length > 0
            ? {
                ...local,
                kind: 'answer',
                confidence: round(decided.top.confidence),
                sourceArticleIds: cited.map((r) => r.article.id),
                sources: cited.map((r) => ({ id: r.article.id, title: r.article.title })),
                suggestions: decided.related.filter((r) => !answer.citedIds.includes(r.article.id)).map(chip),
                askFeedback: true,
                offerHandoff: decided.offerHandoff,
              }
            : // The provider found the articles do not cover it: say so, and offer a person.
              { ...local, kind: 'offer_handoff', confidence: round(decided.top.confidence), offerHandoff: true, suggestions: decided.related.map(chip) };
        return { plan: decided, ranked, reply: await post(answer.text || texts.bot.noAnswer, meta) };
      } finally {
        typing(false);
      }
    }
  }
}

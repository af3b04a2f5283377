import { Hono } from 'hono';
import { ConversationParams, FeedbackBody, MessageParams } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { requireVisitor, visitorKey, type WidgetEnv } from '../auth/visitor-auth';
import { toConversation } from '../conversations/mappers';
import { ownConversation } from '../conversations/queries';
import { byVisitor } from '../conversations/commands';
import { ApiError } from '../http/errors';
import { rateLimit } from '../http/rate-limit';
import { rateLimiter } from '../core/limits';
import { validate } from '../http/validate';
import { recordFeedback } from './feedback';
import { handOff } from './handoff';
import type { BotWorker } from './worker';

export interface BotRouteOptions {
  /** The running bot, which offers a person after a "not helpful" vote; absent with the bot off. */
  bot: BotWorker | undefined;
}

/** POST /v1/widget/conversations/:id/handoff, "Talk to a person": bot → queued, briefed (handoff.ts). Already with a person: unchanged; ended: 409. */
export function handoffWidgetRoutes(deps: Deps) {
  const perVisitor = rateLimiter(deps, 'handoffs-per-visitor', deps.config.PARLEY_RATE_MESSAGES_PER_VISITOR);
  return new Hono<WidgetEnv>().post('/', rateLimit(perVisitor, visitorKey), validate('param', ConversationParams), async (c) => {
    const { conversation } = await ownConversation(c, deps.db, c.req.valid('param').id);
    if (conversation.status === 'resolved') throw new ApiError(409, 'conflict', 'The conversation has ended: start a new one');
    const row = (await handOff(deps, conversation.id, { reason: 'visitor_request', by: byVisitor })) ?? conversation;
    return c.json(toConversation(row, null));
  });
}

/** POST /v1/widget/messages/:id/feedback, "Was this helpful?" on a bot answer (feedback.ts). */
export function feedbackWidgetRoutes(deps: Deps, { bot }: BotRouteOptions) {
  const perVisitor = rateLimiter(deps, 'feedback-per-visitor', deps.config.PARLEY_RATE_MESSAGES_PER_VISITOR);
  return new Hono<WidgetEnv>().post(
    '/:id/feedback',
    rateLimit(perVisitor, visitorKey),
    validate('param', MessageParams),
    validate('json', FeedbackBody),
    async (c) => {
      const { visitor } = requireVisitor(c);
      const vote = { messageId: c.req.valid('param').id, helpful: c.req.valid('json').helpful };
      const { feedback, created } = await recordFeedback(deps, visitor, vote, bot && ((v) => bot.observeVote(v)));
      return c.json(feedback, created ? 201 : 200);
    },
  );
}

import { Hono, type Context } from 'hono';
import { ConversationParams, FeedbackBody, MessageParams, RatingBody, ReadBody, TypingBody } from '@parley/protocol';
import type { AppDeps } from '../core/deps';
import { notFound } from '../http/errors';
import { rateLimit, RateLimiter } from '../http/rate-limit';
import { validate } from '../http/validate';
import { requireVisitor, type WidgetEnv } from '../auth/visitor-auth';
import { toConversation } from './mappers';
import { findVisitorConversation } from './queries';
import { markRead, publishTyping, rateConversation, recordFeedback, requestHandoff } from './visitor-actions';

/** Visitor conversation actions: typing, read, handoff, rating, feedback (docs/api.md). */
export function conversationActionRoutes(deps: AppDeps) {
  const own = (c: Context<WidgetEnv>, id: string) => {
    const { visitor } = requireVisitor(c);
    const conversation = findVisitorConversation(deps.db, visitor.id, id);
    if (!conversation) throw notFound('Conversation');
    return conversation;
  };
  const param = validate('param', ConversationParams);
  const perVisitor = RateLimiter.perMinute(deps.config.PARLEY_RATE_MESSAGES_PER_VISITOR);

  return new Hono<WidgetEnv>()
    .use(rateLimit(perVisitor, (c) => (c.get('visitor') as { id: string } | undefined)?.id ?? null))
    .post('/conversations/:id/typing', param, validate('json', TypingBody), (c) => {
      publishTyping(deps, own(c, c.req.valid('param').id), 'visitor', c.req.valid('json').isTyping);
      return c.body(null, 204);
    })
    .post('/conversations/:id/read', param, validate('json', ReadBody), (c) => {
      const row = markRead(deps, own(c, c.req.valid('param').id), 'visitor', c.req.valid('json').messageId);
      return c.json(toConversation(row, null));
    })
    .post('/conversations/:id/handoff', param, (c) => {
      return c.json(toConversation(requestHandoff(deps, own(c, c.req.valid('param').id)), null));
    })
    .post('/conversations/:id/rating', param, validate('json', RatingBody), (c) => {
      const { rating, comment } = c.req.valid('json');
      return c.json(toConversation(rateConversation(deps, own(c, c.req.valid('param').id), rating, comment), null));
    })
    .post('/messages/:id/feedback', validate('param', MessageParams), validate('json', FeedbackBody), (c) => {
      const { visitor } = requireVisitor(c);
      const { feedback, created } = recordFeedback(deps, visitor, c.req.valid('param').id, c.req.valid('json').helpful);
      return c.json(feedback, created ? 201 : 200);
    });
}

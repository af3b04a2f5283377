import { Hono } from 'hono';
import {
  ConversationParams,
  CreateConversationBody,
  MessagesQuery,
  PostMessageBody,
  type ConversationList,
  type MessagePage,
} from '@parley/protocol';
import type { AppDeps } from '../core/deps';
import { notFound } from '../http/errors';
import { rateLimit, RateLimiter } from '../http/rate-limit';
import { validate } from '../http/validate';
import { requireVisitor, type WidgetEnv } from '../auth/visitor-auth';
import { createConversation, postVisitorMessage } from './commands';
import { toConversation } from './mappers';
import { findVisitorConversation, visibleMessages, visitorConversations } from './queries';

export function conversationRoutes(deps: AppDeps) {
  const { db } = deps;
  const perVisitor = RateLimiter.perMinute(deps.config.PARLEY_RATE_MESSAGES_PER_VISITOR);
  const limitVisitor = rateLimit(perVisitor, (c) => (c.get('visitor') as { id: string } | undefined)?.id ?? null);

  return new Hono<WidgetEnv>()
    .get('/conversations', (c) => {
      const { visitor } = requireVisitor(c);
      const body: ConversationList = { conversations: visitorConversations(deps, visitor.id) };
      return c.json(body);
    })
    .post('/conversations', limitVisitor, validate('json', CreateConversationBody), (c) => {
      const { visitor } = requireVisitor(c);
      const { conversation, created } = createConversation(deps, visitor, c.req.valid('json').clientId);
      return c.json(toConversation(conversation, null), created ? 201 : 200);
    })
    .get('/conversations/:id/messages', validate('param', ConversationParams), validate('query', MessagesQuery), (c) => {
      const { visitor } = requireVisitor(c);
      const conversation = findVisitorConversation(db, visitor.id, c.req.valid('param').id);
      if (!conversation) throw notFound('Conversation');
      const { after, limit } = c.req.valid('query');
      const page = visibleMessages(deps, conversation.id, after, limit + 1);
      const body: MessagePage = { messages: page.slice(0, limit), hasMore: page.length > limit };
      return c.json(body);
    })
    .post('/conversations/:id/messages', limitVisitor, validate('param', ConversationParams), validate('json', PostMessageBody), (c) => {
      const { visitor } = requireVisitor(c);
      const conversation = findVisitorConversation(db, visitor.id, c.req.valid('param').id);
      if (!conversation) throw notFound('Conversation');
      const { clientId, body } = c.req.valid('json');
      const { message, created } = postVisitorMessage(deps, conversation, clientId, body);
      return c.json(message, created ? 201 : 200);
    });
}

import { Hono } from 'hono';
import {
  ConversationParams,
  CreateConversationBody,
  MessagesQuery,
  PostMessageBody,
  RatingBody,
  ReadBody,
  TypingBody,
  type ConversationList,
  type Message,
  type MessagePage,
} from '@parley/protocol';
import type { Deps } from '../core/deps';
import { requireVisitor, visitorKey, type WidgetEnv } from '../auth/visitor-auth';
import { rateLimit } from '../http/rate-limit';
import { rateLimiter } from '../core/limits';
import { validate } from '../http/validate';
import { createConversation } from './commands';
import { toConversation } from './mappers';
import { ownConversation, visibleMessages, visitorConversations } from './queries';
import { markRead, publishTyping, rateConversation } from './visitor-actions';

/**
 * /v1/widget/conversations: the visitor's conversations, their messages, and what the visitor
 * does in them (typing, read receipts, the rating). docs/api.md has each with an example.
 */
/** How a visitor's message is stored, given by name where it is mounted (api/widget.ts). */
export interface ConversationWidgetOptions {
  /**
   * postVisitorMessage, through which a reply to a closed ticket opens a new ticket (tickets/follow-up.ts):
   * the answer's message may then be in another conversation.
   */
  postMessage(conversation: { id: string; visitorId: string }, clientId: string, body: string): Promise<{ message: Message; created: boolean }>;
}

export function conversationWidgetRoutes(deps: Deps, { postMessage }: ConversationWidgetOptions) {
  const { db } = deps;
  const perVisitor = rateLimit(rateLimiter(deps, 'messages-per-visitor', deps.config.PARLEY_RATE_MESSAGES_PER_VISITOR), visitorKey);
  const param = validate('param', ConversationParams);

  return new Hono<WidgetEnv>()
    .get('/', async (c) => {
      const { visitor } = requireVisitor(c);
      const body: ConversationList = { conversations: await visitorConversations(deps, visitor.id) };
      return c.json(body);
    })
    .post('/', perVisitor, validate('json', CreateConversationBody), async (c) => {
      const { visitor } = requireVisitor(c);
      const { conversation, created } = await createConversation(deps, visitor, c.req.valid('json').clientId);
      return c.json(toConversation(conversation, null), created ? 201 : 200);
    })
    .get('/:id/messages', param, validate('query', MessagesQuery), async (c) => {
      const { conversation } = await ownConversation(c, db, c.req.valid('param').id);
      const { after, limit } = c.req.valid('query');
      const page = await visibleMessages(deps, conversation.id, after, limit + 1);
      const body: MessagePage = { messages: page.slice(0, limit), hasMore: page.length > limit };
      return c.json(body);
    })
    .post('/:id/messages', perVisitor, param, validate('json', PostMessageBody), async (c) => {
      const { clientId, body } = c.req.valid('json');
      // postVisitorMessage finds the visitor's conversation itself (a 404 when it is not theirs).
      const target = { id: c.req.valid('param').id, visitorId: requireVisitor(c).visitor.id };
      const { message, created } = await postMessage(target, clientId, body);
      return c.json(message, created ? 201 : 200);
    })
    .post('/:id/typing', perVisitor, param, validate('json', TypingBody), async (c) => {
      publishTyping(deps, (await ownConversation(c, db, c.req.valid('param').id)).conversation, 'visitor', c.req.valid('json').isTyping);
      return c.body(null, 204);
    })
    .post('/:id/read', perVisitor, param, validate('json', ReadBody), async (c) => {
      const row = await markRead(deps, (await ownConversation(c, db, c.req.valid('param').id)).conversation, 'visitor', c.req.valid('json').messageId);
      return c.json(toConversation(row, null));
    })
    .post('/:id/rating', perVisitor, param, validate('json', RatingBody), async (c) => {
      const { rating, comment } = c.req.valid('json');
      return c.json(toConversation(await rateConversation(deps, (await ownConversation(c, db, c.req.valid('param').id)).conversation, rating, comment), null));
    });
}

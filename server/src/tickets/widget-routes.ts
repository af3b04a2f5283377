import { Hono } from 'hono';
import { CreateTicketBody, type TicketCreated, type TicketList } from '@parley/protocol';
import { requireVisitor, visitorKey, type WidgetEnv } from '../auth/visitor-auth';
import type { Deps } from '../core/deps';
import { rateLimiter } from '../core/limits';
import { rateLimit } from '../http/rate-limit';
import { validate } from '../http/validate';
import { visitorConversations } from '../conversations/queries';
import { createTicket } from './commands';
import type { OnTicketOpened } from './follow-up';

/**
 * /v1/widget/tickets: the visitor's "Send us a message" form and "Your requests". A ticket's
 * thread, replies and read receipts are the conversation routes'; it is a conversation.
 */
export interface TicketRouteOptions {
  /** A ticket was made: its acknowledgement is mailed (the email follow-up, by name). */
  onCreated: OnTicketOpened;
}

export function ticketWidgetRoutes(deps: Deps, { onCreated }: TicketRouteOptions) {
  const perVisitor = rateLimit(rateLimiter(deps, 'messages-per-visitor', deps.config.PARLEY_RATE_MESSAGES_PER_VISITOR), visitorKey);
  return new Hono<WidgetEnv>()
    .post('/', perVisitor, validate('json', CreateTicketBody), async (c) => {
      const { visitor, site } = requireVisitor(c);
      const { conversation, created, first } = await createTicket(deps, visitor, site, c.req.valid('json'));
      if (first) await onCreated(conversation.id, first.id);
      const body: TicketCreated = { id: conversation.id, reference: conversation.reference!, status: conversation.status };
      return c.json(body, created ? 201 : 200);
    })
    .get('/', async (c) => {
      const body: TicketList = { tickets: await visitorConversations(deps, requireVisitor(c).visitor.id, 'ticket') };
      return c.json(body);
    });
}

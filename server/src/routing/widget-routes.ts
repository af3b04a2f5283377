import { Hono } from 'hono';
import { ConversationParams, type QueueState } from '@parley/protocol';
import type { AppDeps } from '../core/deps';
import { findVisitorConversation } from '../conversations/queries';
import { notFound } from '../http/errors';
import { validate } from '../http/validate';
import { agentsOnline } from '../sites/presence';
import { requireVisitor, type WidgetEnv } from '../auth/visitor-auth';
import { isWaiting, medianFirstResponseMs, queuePosition } from './queue';

/** GET /v1/widget/conversations/:id/queue: the visitor's place in line and the expected wait. */
export function queueRoutes({ db }: AppDeps) {
  return new Hono<WidgetEnv>().get('/conversations/:id/queue', validate('param', ConversationParams), (c) => {
    const { visitor, site } = requireVisitor(c);
    const conversation = findVisitorConversation(db, visitor.id, c.req.valid('param').id);
    if (!conversation) throw notFound('Conversation');
    const waiting = isWaiting(conversation);
    const wait = waiting ? medianFirstResponseMs(db, site.id) : null;
    const body: QueueState = {
      status: conversation.status,
      position: waiting ? queuePosition(db, site.accountId, conversation.id) : null,
      expectedWaitSeconds: wait === null ? null : Math.round(wait / 1000),
      agentsOnline: agentsOnline(db, site.accountId),
      emailFollowUp: conversation.emailFollowUp,
      email: visitor.email,
    };
    return c.json(body);
  });
}

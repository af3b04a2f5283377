import { Hono } from 'hono';
import { ConversationParams, type QueueState } from '@parley/protocol';
import type { Deps } from '../core/deps';
import type { WidgetEnv } from '../auth/visitor-auth';
import { ownConversation } from '../conversations/queries';
import { validate } from '../http/validate';
import { agentsOnline } from '../sites/presence';
import { isWaiting } from '../sla/queue-order';
import { medianFirstResponseMs, queuePosition } from './queue';

/** GET /v1/widget/conversations/:id/queue: the visitor's place in line and the expected wait. */
export function queueWidgetRoutes({ db }: Deps) {
  return new Hono<WidgetEnv>().get('/', validate('param', ConversationParams), async (c) => {
    const { conversation, visitor, site } = await ownConversation(c, db, c.req.valid('param').id);
    const waiting = isWaiting(conversation);
    const wait = waiting ? await medianFirstResponseMs(db, site.id) : null;
    const body: QueueState = {
      status: conversation.status,
      position: waiting ? await queuePosition(db, site.accountId, conversation.id) : null,
      expectedWaitSeconds: wait === null ? null : Math.round(wait / 1000),
      agentsOnline: await agentsOnline(db, site.accountId),
      emailFollowUp: conversation.emailFollowUp,
      email: visitor.email,
    };
    return c.json(body);
  });
}

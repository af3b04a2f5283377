import { Hono } from 'hono';
import { IdParams, RetentionQuery, type ContactErased } from '@parley/protocol';
import { audit } from '../audit/audit';
import { ADMIN_ROLES, requireAgent, type InboxEnv } from '../auth/agent-auth';
import { accountVisitor } from '../contacts/contacts';
import type { Deps } from '../core/deps';
import { validate } from '../http/validate';
import { accountSite } from '../sites/access';
import { erase } from './erase';
import { retentionPreview } from './retention';

/**
 * DELETE /v1/inbox/contacts/:id (owners, admins; API tokens: contacts:write): erases the
 * visitor and everything held about them. The audit entry names the visitor's id and the
 * count, nothing else of theirs.
 */
export function eraseInboxRoutes(deps: Deps) {
  return new Hono<InboxEnv>().delete('/:id', requireAgent({ roles: ADMIN_ROLES }), validate('param', IdParams), async (c) => {
    const agent = c.get('agent');
    const { visitor } = await accountVisitor(deps.db, agent.accountId, c.req.valid('param').id);
    const conversations = await erase(deps, { siteId: visitor.siteId, visitorIds: [visitor.id], conversationIds: [] });
    await audit(deps.db, agent, 'contact.erase', visitor.id, { by: 'agent', conversations });
    const body: ContactErased = { visitorId: visitor.id, conversations };
    return c.json(body);
  });
}

/** GET /v1/inbox/sites/:id/retention?days=N (owners, admins): what that retention would erase now. */
export function retentionInboxRoutes(deps: Deps) {
  return new Hono<InboxEnv>().get(
    '/:id/retention',
    requireAgent({ roles: ADMIN_ROLES }),
    validate('param', IdParams),
    validate('query', RetentionQuery),
    async (c) => {
      const site = await accountSite(deps.db, c.get('agent').accountId, c.req.valid('param').id);
      return c.json(await retentionPreview(deps.db, site.id, c.req.valid('query').days));
    },
  );
}

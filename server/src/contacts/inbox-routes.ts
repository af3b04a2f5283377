import { Hono } from 'hono';
import { ContactQuery, IdParams, UpdateContactBody } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { ADMIN_ROLES, requireAgent, type InboxEnv } from '../auth/agent-auth';
import { audit } from '../audit/audit';
import { validate } from '../http/validate';
import { getContact, listContacts, updateContact } from './contacts';
import { exportContact } from './export';

/**
 * /v1/inbox/contacts: every agent finds and corrects who the account's visitors are (API
 * tokens: contacts:read, contacts:write); owners and admins export everything held about one.
 */
export function contactInboxRoutes(deps: Deps) {
  const { db } = deps;
  return new Hono<InboxEnv>()
    .use(requireAgent())
    .get('/', validate('query', ContactQuery), async (c) => c.json(await listContacts(db, c.get('agent').accountId, c.req.valid('query'))))
    .get('/:id', validate('param', IdParams), async (c) => c.json(await getContact(db, c.get('agent').accountId, c.req.valid('param').id)))
    .get('/:id/export', requireAgent({ roles: ADMIN_ROLES }), validate('param', IdParams), async (c) => {
      const agent = c.get('agent');
      const exported = await exportContact(db, agent.accountId, c.req.valid('param').id);
      await audit(db, agent, 'contact.export', exported.contact.id, { by: 'agent' });
      // The id of a visitor found: safe in a header.
      c.header('Content-Disposition', `attachment; filename="contact-${exported.contact.id}.json"`);
      return c.json(exported);
    })
    .patch('/:id', validate('param', IdParams), validate('json', UpdateContactBody), async (c) =>
      c.json(await updateContact(deps, c.get('agent').accountId, c.req.valid('param').id, c.req.valid('json'))),
    );
}

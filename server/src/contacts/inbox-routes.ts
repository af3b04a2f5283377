import { Hono } from 'hono';
import { ContactQuery, IdParams, UpdateContactBody } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { requireAgent, type InboxEnv } from '../auth/agent-auth';
import { validate } from '../http/validate';
import { getContact, listContacts, updateContact } from './contacts';

/** /v1/inbox/contacts: every agent finds and corrects who the account's visitors are (API tokens: contacts:read, contacts:write). */
export function contactInboxRoutes(deps: Deps) {
  const { db } = deps;
  return new Hono<InboxEnv>()
    .use(requireAgent())
    .get('/', validate('query', ContactQuery), async (c) => c.json(await listContacts(db, c.get('agent').accountId, c.req.valid('query'))))
    .get('/:id', validate('param', IdParams), async (c) => c.json(await getContact(db, c.get('agent').accountId, c.req.valid('param').id)))
    .patch('/:id', validate('param', IdParams), validate('json', UpdateContactBody), async (c) =>
      c.json(await updateContact(deps, c.get('agent').accountId, c.req.valid('param').id, c.req.valid('json'))),
    );
}

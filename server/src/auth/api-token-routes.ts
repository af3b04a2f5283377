import { Hono } from 'hono';
import { CreateApiTokenBody, IdParams, type ApiTokenList } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { audit } from '../audit/audit';
import { notFound } from '../http/errors';
import { validate } from '../http/validate';
import { ADMIN_ROLES, requireAgent, type InboxEnv } from './agent-auth';
import { createApiToken, deleteApiToken, listApiTokens } from './api-tokens';

/**
 * /v1/inbox/api-tokens: owners and admins, signed in (a token cannot make or see tokens:
 * apiTokenGuard refuses it this route), create tokens for scripts and integrations, list them
 * and delete them. The token is shown once, in the answer to its creation.
 */
export function apiTokenInboxRoutes({ db }: Deps) {
  return new Hono<InboxEnv>()
    .use(requireAgent({ roles: ADMIN_ROLES }))
    .get('/', async (c) => {
      const body: ApiTokenList = { tokens: await listApiTokens(db, c.get('agent').accountId) };
      return c.json(body);
    })
    .post('/', validate('json', CreateApiTokenBody), async (c) => {
      const agent = c.get('agent');
      const { name, scopes } = c.req.valid('json');
      const created = await createApiToken(db, agent, name, scopes);
      await audit(db, agent, 'api_token.create', created.id, { name, scopes });
      return c.json(created, 201);
    })
    .delete('/:id', validate('param', IdParams), async (c) => {
      const agent = c.get('agent');
      const deleted = await deleteApiToken(db, agent.accountId, c.req.valid('param').id);
      if (!deleted) throw notFound('API token');
      await audit(db, agent, 'api_token.delete', deleted.id, { name: deleted.name });
      return c.body(null, 204);
    });
}

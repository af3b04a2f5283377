import { Hono } from 'hono';
import { AcceptInviteBody, CreateInviteBody, InviteParams, type InviteLookup } from '@parley/protocol';
import type { AppDeps } from '../core/deps';
import { ADMIN_ROLES, requireAgent, sessionTtlMs, setSessionCookie, type InboxEnv } from '../auth/agent-auth';
import { toMe } from '../auth/inbox-routes';
import { createSession } from '../auth/sessions';
import { notFound } from '../http/errors';
import { validate } from '../http/validate';
import { acceptInvite, createInvite, findOpenInvite, inviteUrl, toInvite } from './invites';

/** /v1/inbox/invites: owners and admins invite by link; the invitee accepts without a session. */
export function inviteRoutes({ db, config }: AppDeps) {
  return new Hono<InboxEnv>()
    .post('/', requireAgent({ roles: ADMIN_ROLES }), validate('json', CreateInviteBody), (c) => {
      const { email, role } = c.req.valid('json');
      const { row, token } = createInvite(db, c.get('agent'), email, role);
      return c.json(toInvite(row, inviteUrl(config.PUBLIC_URL, token)), 201);
    })
    .get('/:token', validate('param', InviteParams), (c) => {
      const invite = findOpenInvite(db, c.req.valid('param').token);
      if (!invite) throw notFound('Invitation');
      const body: InviteLookup = { ...toInvite(invite), accountName: invite.accountName };
      return c.json(body);
    })
    .post('/:token/accept', validate('param', InviteParams), validate('json', AcceptInviteBody), async (c) => {
      const { name, password } = c.req.valid('json');
      const agent = await acceptInvite(db, c.req.valid('param').token, name, password);
      setSessionCookie(c, config, createSession(db, agent.id, sessionTtlMs(config), c.req.header('user-agent')));
      return c.json(toMe(agent, null), 201);
    });
}

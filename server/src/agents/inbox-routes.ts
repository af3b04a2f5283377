import { and, asc, eq, isNull } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { AcceptInviteBody, AuditQuery, CreateInviteBody, IdParams, InviteParams, UpdateAgentBody, type AgentAdmin, type AgentList, type InviteLookup, type Me } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { ADMIN_ROLES, requireAgent, sessionLimits, setSessionCookie, type InboxEnv } from '../auth/agent-auth';
import { toMe } from '../auth/inbox-routes';
import { createSession, revokeAgentSessions } from '../auth/sessions';
import type { Db } from '../db/connection';
import type { AgentRow } from '../db/rows';
import { agents } from '../db/schema';
import { ApiError, notFound } from '../http/errors';
import { validate } from '../http/validate';
import { withLoads } from '../routing/queue';
import type { Router } from '../routing/router';
import { audit, listAudit } from '../audit/audit';
import { AVATAR_MAX_BYTES, avatarMime, avatarUrlOf, avatarUrls, removeAvatar, saveAvatar } from '../avatars/avatars';
import { limitBody } from '../http/body-limit';
import { acceptInvite, createInvite, findOpenInvite, inviteUrl, listOpenInvites, revokeInvite, revokeInvitesOf, toInvite } from './invites';

/** Stores the request's image as this agent's avatar (the caller has checked who may). */
async function uploadAvatar(db: Db, c: Context<InboxEnv>, agentId: string): Promise<void> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  saveAvatar(db, agentId, bytes, avatarMime(c.req.header('content-type'), bytes));
  audit(db, c.get('agent'), 'agent.avatar', agentId, { bytes: bytes.length });
}

function deleteAvatar(db: Db, c: Context<InboxEnv>, agentId: string): void {
  removeAvatar(db, agentId);
  audit(db, c.get('agent'), 'agent.avatar', agentId, { removed: true });
}

/** An avatar upload is an image, not JSON: its own limit (avatars.ts checks the bytes). */
const avatarBody = limitBody(AVATAR_MAX_BYTES);

/** /v1/inbox/agents: owners and admins manage the team (role, languages, skills, capacity, photo). */
export function agentInboxRoutes(deps: Deps, { router }: { router: Router }) {
  const { db, config } = deps;
  const teamAgent = (c: Context<InboxEnv>, id: string) => {
    const agent = db.select().from(agents).where(and(eq(agents.id, id), eq(agents.accountId, c.get('agent').accountId))).get();
    if (!agent) throw notFound('Agent');
    return agent;
  };
  const toAgentAdmin = (list: AgentRow[]): AgentAdmin[] => {
    const urls = avatarUrls(db, config.PUBLIC_URL, list.map((a) => a.id));
    return withLoads(db, list).map((a) => ({
      ...toMe(a, urls.get(a.id) ?? null),
      lastSeenAt: a.lastSeenAt?.toISOString() ?? null,
      active: !a.deactivatedAt,
      load: a.load,
    }));
  };
  const activeOwners = (accountId: string) =>
    db.select({ id: agents.id }).from(agents).where(and(eq(agents.accountId, accountId), eq(agents.role, 'owner'), isNull(agents.deactivatedAt))).all();

  return new Hono<InboxEnv>()
    .use(requireAgent({ roles: ADMIN_ROLES }))
    .get('/', (c) => {
      const { accountId } = c.get('agent');
      const team = db.select().from(agents).where(eq(agents.accountId, accountId)).orderBy(asc(agents.name)).all();
      const body: AgentList = { agents: toAgentAdmin(team), invites: listOpenInvites(db, accountId) };
      return c.json(body);
    })
    .patch('/:id', validate('param', IdParams), validate('json', UpdateAgentBody), (c) => {
      const me = c.get('agent');
      const target = teamAgent(c, c.req.valid('param').id);
      const input = c.req.valid('json');
      const touchesOwner = target.role === 'owner' || input.role === 'owner';
      if (touchesOwner && (input.role !== undefined || input.active !== undefined) && me.role !== 'owner') {
        throw new ApiError(403, 'forbidden', 'Only an owner can make or unmake an owner');
      }
      const losesOwner = target.role === 'owner' && !target.deactivatedAt && ((input.role && input.role !== 'owner') || input.active === false);
      if (losesOwner && activeOwners(me.accountId).length === 1) throw new ApiError(409, 'conflict', 'An account needs at least one owner');

      const { active, ...fields } = input;
      const updated = db
        .update(agents)
        .set({ ...fields, ...(active === undefined ? {} : { deactivatedAt: active ? null : new Date() }) })
        .where(eq(agents.id, target.id))
        .returning()
        .get();
      if (active === false || (input.role && input.role !== target.role)) {
        revokeAgentSessions(deps, target.id);
        revokeInvitesOf(db, me, updated);
      }
      if (active === false) router.setPresence(target.id, 'offline');
      else router.schedule(me.accountId);
      audit(db, me, 'agent.update', target.id, input);
      return c.json(toAgentAdmin([updated])[0]!);
    })
    .put('/:id/avatar', avatarBody, validate('param', IdParams), async (c) => {
      const target = teamAgent(c, c.req.valid('param').id);
      await uploadAvatar(db, c, target.id);
      return c.json(toAgentAdmin([target])[0]!);
    })
    .delete('/:id/avatar', validate('param', IdParams), (c) => {
      deleteAvatar(db, c, teamAgent(c, c.req.valid('param').id).id);
      return c.body(null, 204);
    });
}

/** /v1/inbox/me: every agent sets their own photo. */
export function meInboxRoutes({ db, config }: Deps) {
  const me = (c: Context<InboxEnv>): Me => toMe(c.get('agent'), avatarUrlOf(db, config.PUBLIC_URL, c.get('agent').id));
  return new Hono<InboxEnv>()
    .use(requireAgent())
    .put('/avatar', avatarBody, async (c) => {
      await uploadAvatar(db, c, c.get('agent').id);
      return c.json(me(c));
    })
    .delete('/avatar', (c) => {
      deleteAvatar(db, c, c.get('agent').id);
      return c.body(null, 204);
    });
}
/** /v1/inbox/invites: owners and admins invite by link and revoke; the invitee accepts without a session. */
export function inviteInboxRoutes({ db, config }: Deps) {
  return new Hono<InboxEnv>()
    .post('/', requireAgent({ roles: ADMIN_ROLES }), validate('json', CreateInviteBody), (c) => {
      const { email, role } = c.req.valid('json');
      const { row, token } = createInvite(db, c.get('agent'), email, role);
      return c.json(toInvite(row, inviteUrl(config.PUBLIC_URL, token)), 201);
    })
    .delete('/:id', requireAgent({ roles: ADMIN_ROLES }), validate('param', IdParams), (c) => {
      revokeInvite(db, c.get('agent'), c.req.valid('param').id);
      return c.body(null, 204);
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
      setSessionCookie(c, config, createSession(db, agent.id, sessionLimits(config), c.req.header('user-agent')));
      return c.json(toMe(agent, null), 201);
    });
}

/** /v1/inbox/audit: owners and admins read who did what in the account, newest first. */
export function auditInboxRoutes({ db }: Deps) {
  return new Hono<InboxEnv>().get('/', requireAgent({ roles: ADMIN_ROLES }), validate('query', AuditQuery), (c) =>
    c.json(listAudit(db, c.get('agent').accountId, c.req.valid('query'))),
  );
}

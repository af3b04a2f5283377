import { and, asc, eq, isNull } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import {
  AcceptInviteBody,
  AuditQuery,
  CreateInviteBody,
  IdParams,
  InviteParams,
  UpdateAgentBody,
  type AgentAdmin,
  type AgentList,
  type InviteLookup,
  type Me,
} from '@parley/protocol';
import type { Deps } from '../core/deps';
import { ADMIN_ROLES, requireAgent, sessionLimits, setSessionCookie, type InboxEnv } from '../auth/agent-auth';
import { toMe } from '../auth/inbox-routes';
import { createSession, revokeAgentSessions } from '../auth/sessions';
import type { Db } from '../db/store';
import type { AgentRow } from '../db/rows';
import { agents } from '../db/tables';
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
  await saveAvatar(db, agentId, bytes, avatarMime(c.req.header('content-type'), bytes));
  await audit(db, c.get('agent'), 'agent.avatar', agentId, { bytes: bytes.length });
}

async function deleteAvatar(db: Db, c: Context<InboxEnv>, agentId: string): Promise<void> {
  await removeAvatar(db, agentId);
  await audit(db, c.get('agent'), 'agent.avatar', agentId, { removed: true });
}

/** An avatar upload is an image, not JSON: its own limit (avatars.ts checks the bytes). */
const avatarBody = limitBody(AVATAR_MAX_BYTES);

/** /v1/inbox/agents: owners and admins manage the team (role, languages, skills, capacity, photo). */
export function agentInboxRoutes(deps: Deps, { router }: { router: Router }) {
  const { db, config } = deps;
  const teamAgent = async (c: Context<InboxEnv>, id: string) => {
    const agent = (
      await db
        .select()
        .from(agents)
        .where(and(eq(agents.id, id), eq(agents.accountId, c.get('agent').accountId)))
        .limit(1)
    )[0];
    if (!agent) throw notFound('Agent');
    return agent;
  };
  const toAgentAdmin = async (list: AgentRow[]): Promise<AgentAdmin[]> => {
    const urls = await avatarUrls(
      db,
      config.PUBLIC_URL,
      list.map((a) => a.id),
    );
    return (await withLoads(db, list)).map((a) => ({
      ...toMe(a, urls.get(a.id) ?? null),
      lastSeenAt: a.lastSeenAt?.toISOString() ?? null,
      active: !a.deactivatedAt,
      load: a.load,
    }));
  };
  const activeOwners = async (accountId: string) =>
    await db
      .select({ id: agents.id })
      .from(agents)
      .where(and(eq(agents.accountId, accountId), eq(agents.role, 'owner'), isNull(agents.deactivatedAt)));

  return new Hono<InboxEnv>()
    .use(requireAgent({ roles: ADMIN_ROLES }))
    .get('/', async (c) => {
      const { accountId } = c.get('agent');
      const team = await db.select().from(agents).where(eq(agents.accountId, accountId)).orderBy(asc(agents.name));
      const body: AgentList = { agents: await toAgentAdmin(team), invites: await listOpenInvites(db, accountId) };
      return c.json(body);
    })
    .patch('/:id', validate('param', IdParams), validate('json', UpdateAgentBody), async (c) => {
      const me = c.get('agent');
      const target = await teamAgent(c, c.req.valid('param').id);
      const input = c.req.valid('json');
      const touchesOwner = target.role === 'owner' || input.role === 'owner';
      if (touchesOwner && (input.role !== undefined || input.active !== undefined) && me.role !== 'owner') {
        throw new ApiError(403, 'forbidden', 'Only an owner can make or unmake an owner');
      }
      const losesOwner = target.role === 'owner' && !target.deactivatedAt && ((input.role && input.role !== 'owner') || input.active === false);
      if (losesOwner && (await activeOwners(me.accountId)).length === 1) throw new ApiError(409, 'conflict', 'An account needs at least one owner');

      const { active, ...fields } = input;
      const updated = (
        await db
          .update(agents)
          .set({ ...fields, ...(active === undefined ? {} : { deactivatedAt: active ? null : new Date() }) })
          .where(eq(agents.id, target.id))
          .returning()
      )[0]!;
      if (active === false || (input.role && input.role !== target.role)) {
        await revokeAgentSessions(deps, target.id);
        await revokeInvitesOf(db, me, updated);
      }
      if (active === false) await router.setPresence(target.id, 'offline');
      else router.schedule(me.accountId);
      await audit(db, me, 'agent.update', target.id, input);
      return c.json((await toAgentAdmin([updated]))[0]!);
    })
    .put('/:id/avatar', avatarBody, validate('param', IdParams), async (c) => {
      const target = await teamAgent(c, c.req.valid('param').id);
      await uploadAvatar(db, c, target.id);
      return c.json((await toAgentAdmin([target]))[0]!);
    })
    .delete('/:id/avatar', validate('param', IdParams), async (c) => {
      await deleteAvatar(db, c, (await teamAgent(c, c.req.valid('param').id)).id);
      return c.body(null, 204);
    });
}

/** /v1/inbox/me: every agent sets their own photo. */
export function meInboxRoutes({ db, config }: Deps) {
  const me = async (c: Context<InboxEnv>): Promise<Me> => toMe(c.get('agent'), await avatarUrlOf(db, config.PUBLIC_URL, c.get('agent').id));
  return new Hono<InboxEnv>()
    .use(requireAgent())
    .put('/avatar', avatarBody, async (c) => {
      await uploadAvatar(db, c, c.get('agent').id);
      return c.json(await me(c));
    })
    .delete('/avatar', async (c) => {
      await deleteAvatar(db, c, c.get('agent').id);
      return c.body(null, 204);
    });
}
/** /v1/inbox/invites: owners and admins invite by link and revoke; the invitee accepts without a session. */
export function inviteInboxRoutes({ db, config }: Deps) {
  return new Hono<InboxEnv>()
    .post('/', requireAgent({ roles: ADMIN_ROLES }), validate('json', CreateInviteBody), async (c) => {
      const { email, role } = c.req.valid('json');
      const { row, token } = await createInvite(db, c.get('agent'), email, role);
      return c.json(toInvite(row, inviteUrl(config.PUBLIC_URL, token)), 201);
    })
    .delete('/:id', requireAgent({ roles: ADMIN_ROLES }), validate('param', IdParams), async (c) => {
      await revokeInvite(db, c.get('agent'), c.req.valid('param').id);
      return c.body(null, 204);
    })
    .get('/:token', validate('param', InviteParams), async (c) => {
      const invite = await findOpenInvite(db, c.req.valid('param').token);
      if (!invite) throw notFound('Invitation');
      const body: InviteLookup = { ...toInvite(invite), accountName: invite.accountName };
      return c.json(body);
    })
    .post('/:token/accept', validate('param', InviteParams), validate('json', AcceptInviteBody), async (c) => {
      const { name, password } = c.req.valid('json');
      const agent = await acceptInvite(db, c.req.valid('param').token, name, password);
      setSessionCookie(c, config, await createSession(db, agent.id, sessionLimits(config), c.req.header('user-agent')));
      return c.json(toMe(agent, null), 201);
    });
}

/** /v1/inbox/audit: owners and admins read who did what in the account, newest first. */
export function auditInboxRoutes({ db }: Deps) {
  return new Hono<InboxEnv>().get('/', requireAgent({ roles: ADMIN_ROLES }), validate('query', AuditQuery), async (c) =>
    c.json(await listAudit(db, c.get('agent').accountId, c.req.valid('query'))),
  );
}

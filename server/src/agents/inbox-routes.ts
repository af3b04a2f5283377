import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { IdParams, UpdateAgentBody, type AgentAdmin, type AgentList } from '@parley/protocol';
import type { AppDeps } from '../core/deps';
import { ADMIN_ROLES, requireAgent, type InboxEnv } from '../auth/agent-auth';
import { toMe } from '../auth/inbox-routes';
import { revokeAgentSessions, type AgentRow } from '../auth/sessions';
import { agents, invites } from '../db/schema';
import { ApiError, notFound } from '../http/errors';
import { validate } from '../http/validate';
import { withLoads } from '../routing/queue';
import type { Router } from '../routing/router';
import { audit } from '../audit/audit';
import { deleteAvatar, uploadAvatar } from '../avatars/public-routes';
import { avatarUrls } from '../avatars/avatars';
import { toInvite } from './invites';

/** /v1/inbox/agents: owners and admins manage the team (role, languages, skills, capacity). */
export function agentAdminRoutes(deps: AppDeps, router: Router) {
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
      const open = db
        .select()
        .from(invites)
        .where(and(eq(invites.accountId, accountId), isNull(invites.usedAt), gt(invites.expiresAt, new Date())))
        .all();
      const body: AgentList = { agents: toAgentAdmin(team), invites: open.map((i) => toInvite(i)) };
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
      if (active === false || (input.role && input.role !== target.role)) revokeAgentSessions(db, target.id);
      if (active === false) router.setPresence(target.id, 'offline');
      else router.schedule(me.accountId);
      audit(db, me, 'agent.update', target.id, fields);
      return c.json(toAgentAdmin([updated])[0]!);
    })
    .put('/:id/avatar', validate('param', IdParams), async (c) => {
      const target = teamAgent(c, c.req.valid('param').id);
      await uploadAvatar(deps, c, target.id);
      return c.json(toAgentAdmin([target])[0]!);
    })
    .delete('/:id/avatar', validate('param', IdParams), (c) => {
      deleteAvatar(deps, c, teamAgent(c, c.req.valid('param').id).id);
      return c.body(null, 204);
    });
}

import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { Hono } from 'hono';
import { IdParams, UpdateAgentBody, type AgentAdmin, type AgentList } from '@parley/protocol';
import type { AppDeps } from '../app-deps';
import { ADMIN_ROLES, requireAgent, type InboxEnv } from '../auth/agent-auth';
import { toMe } from '../auth/routes';
import { revokeAgentSessions, type AgentRow } from '../auth/sessions';
import { agents, invites } from '../db/schema';
import { ApiError, notFound } from '../http/errors';
import { validate } from '../http/validate';
import { withLoads } from '../routing/queue';
import type { Router } from '../routing/router';
import { audit } from './audit';
import { toInvite } from './invites';

/** /v1/inbox/agents: owners and admins manage the team (role, languages, skills, capacity). */
export function agentAdminRoutes({ db }: AppDeps, router: Router) {
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
      const body: AgentList = { agents: withLoads(db, team).map(toAgentAdmin), invites: open.map((i) => toInvite(i)) };
      return c.json(body);
    })
    .patch('/:id', validate('param', IdParams), validate('json', UpdateAgentBody), (c) => {
      const me = c.get('agent');
      const target = db.select().from(agents).where(and(eq(agents.id, c.req.valid('param').id), eq(agents.accountId, me.accountId))).get();
      if (!target) throw notFound('Agent');
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
      return c.json(toAgentAdmin(withLoads(db, [updated])[0]!));
    });
}

function toAgentAdmin(a: AgentRow & { load: number }): AgentAdmin {
  return { ...toMe(a), lastSeenAt: a.lastSeenAt?.toISOString() ?? null, active: !a.deactivatedAt, load: a.load };
}

import { and, eq, isNull } from 'drizzle-orm';
import { Hono } from 'hono';
import { PresenceBody, type Team } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { requireAgent, type InboxEnv } from '../auth/agent-auth';
import { agentAvatars, agents } from '../db/tables';
import { avatarUrl } from '../avatars/avatars';
import { validate } from '../http/validate';
import { withLoads } from './queue';
import type { Router } from './router';

/** PUT /v1/inbox/presence: the agent's own status; going offline hands their chats back to the queue (router.ts). */
export function presenceInboxRoutes(_deps: Deps, { router }: { router: Router }) {
  return new Hono<InboxEnv>().put('/', requireAgent(), validate('json', PresenceBody), async (c) => {
    await router.setPresence(c.get('agent').id, c.req.valid('json').presence);
    return c.body(null, 204);
  });
}

/** GET /v1/inbox/team: everyone's presence and load, for the assign menu. */
export function teamInboxRoutes({ db, config }: Deps) {
  return new Hono<InboxEnv>().get('/', requireAgent(), async (c) => {
    const team = await db
      .select({ id: agents.id, name: agents.name, role: agents.role, presence: agents.presence, maxChats: agents.maxChats, avatarHash: agentAvatars.hash })
      .from(agents)
      .leftJoin(agentAvatars, eq(agentAvatars.agentId, agents.id))
      .where(and(eq(agents.accountId, c.get('agent').accountId), isNull(agents.deactivatedAt)));
    const body: Team = {
      agents: (await withLoads(db, team)).map(({ avatarHash, ...a }) => ({ ...a, avatarUrl: avatarUrl(config.PUBLIC_URL, a.id, avatarHash) })),
    };
    return c.json(body);
  });
}

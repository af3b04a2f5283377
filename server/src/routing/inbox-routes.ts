import { and, eq, isNull } from 'drizzle-orm';
import { Hono } from 'hono';
import { PresenceBody, type Team } from '@parley/protocol';
import type { AppDeps } from '../core/deps';
import { requireAgent, type InboxEnv } from '../auth/agent-auth';
import { agentAvatars, agents } from '../db/schema';
import { avatarUrl } from '../avatars/avatars';
import { validate } from '../http/validate';
import { withLoads } from './queue';
import type { Router } from './router';

/** /v1/inbox/presence (my status) and /v1/inbox/team (everyone's, for the assign menu). */
export function presenceRoutes({ db, config }: AppDeps, router: Router) {
  // Guards per route: this router is mounted at the inbox root, where a `.use` would also
  // cover the login route.
  return new Hono<InboxEnv>()
    .put('/presence', requireAgent(), validate('json', PresenceBody), (c) => {
      router.setPresence(c.get('agent').id, c.req.valid('json').presence);
      return c.body(null, 204);
    })
    .get('/team', requireAgent(), (c) => {
      const team = db
        .select({ id: agents.id, name: agents.name, role: agents.role, presence: agents.presence, maxChats: agents.maxChats, avatarHash: agentAvatars.hash })
        .from(agents)
        .leftJoin(agentAvatars, eq(agentAvatars.agentId, agents.id))
        .where(and(eq(agents.accountId, c.get('agent').accountId), isNull(agents.deactivatedAt)))
        .all();
      const body: Team = { agents: withLoads(db, team).map(({ avatarHash, ...a }) => ({ ...a, avatarUrl: avatarUrl(config.PUBLIC_URL, a.id, avatarHash) })) };
      return c.json(body);
    });
}

import { and, eq, isNull } from 'drizzle-orm';
import { Hono } from 'hono';
import { PresenceBody, type Team } from '@parley/protocol';
import type { AppDeps } from '../app-deps';
import { requireAgent, type InboxEnv } from '../auth/agent-auth';
import { agents } from '../db/schema';
import { validate } from '../http/validate';
import { withLoads } from '../routing/queue';
import type { Router } from '../routing/router';

/** /v1/inbox/presence (my status) and /v1/inbox/team (everyone's, for the assign menu). */
export function presenceRoutes({ db }: AppDeps, router: Router) {
  // Guards per route: this router is mounted at the inbox root, where a `.use` would also
  // cover the login route.
  return new Hono<InboxEnv>()
    .put('/presence', requireAgent(), validate('json', PresenceBody), (c) => {
      router.setPresence(c.get('agent').id, c.req.valid('json').presence);
      return c.body(null, 204);
    })
    .get('/team', requireAgent(), (c) => {
      const team = db
        .select({ id: agents.id, name: agents.name, role: agents.role, presence: agents.presence, maxChats: agents.maxChats })
        .from(agents)
        .where(and(eq(agents.accountId, c.get('agent').accountId), isNull(agents.deactivatedAt)))
        .all();
      const body: Team = { agents: withLoads(db, team) };
      return c.json(body);
    });
}

import { Hono } from 'hono';
import { BotGapParams, BotGapReviewBody, BotGapsQuery, KbSiteParams, type BotGapList } from '@parley/protocol';
import type { AppDeps } from '../core/deps';
import { ADMIN_ROLES, requireAgent, type InboxEnv } from '../auth/agent-auth';
import { validate } from '../http/validate';
import { accountSite } from '../sites/access';
import { listBotGaps, reviewBotGap } from './gaps';

/**
 * Questions the bot missed, at /v1/inbox/sites/:siteId/kb-gaps: part of managing the
 * knowledge base, so owners and admins only, and another account's site is a 404.
 */
export function kbGapRoutes({ db }: AppDeps) {
  return new Hono<InboxEnv>()
    .use(requireAgent({ roles: ADMIN_ROLES }))
    .get('/', validate('param', KbSiteParams), validate('query', BotGapsQuery), (c) => {
      const site = accountSite(db, c.get('agent').accountId, c.req.valid('param').siteId);
      const body: BotGapList = { gaps: listBotGaps(db, site.id, c.req.valid('query')) };
      return c.json(body);
    })
    .post('/:messageId', validate('param', BotGapParams), validate('json', BotGapReviewBody), (c) => {
      const agent = c.get('agent');
      const { siteId, messageId } = c.req.valid('param');
      const site = accountSite(db, agent.accountId, siteId);
      return c.json(reviewBotGap(db, agent, site.id, messageId, c.req.valid('json')));
    });
}

import { Hono } from 'hono';
import { KbSiteParams, SearchGapReviewBody, SearchGapsQuery, type SearchGapList } from '@parley/protocol';
import { ADMIN_ROLES, requireAgent, type InboxEnv } from '../auth/agent-auth';
import type { Deps } from '../core/deps';
import { validate } from '../http/validate';
import { accountSite } from '../sites/access';
import { listSearchGaps, reviewSearchGap } from './search-gaps';

/**
 * /v1/inbox/sites/:siteId/kb-gaps/searches: help center searches that found nothing, beside
 * the questions the bot missed and managed like them (owners and admins; another account's
 * site is a 404).
 */
export function searchGapInboxRoutes({ db }: Deps) {
  return new Hono<InboxEnv>()
    .use(requireAgent({ roles: ADMIN_ROLES }))
    .get('/', validate('param', KbSiteParams), validate('query', SearchGapsQuery), async (c) => {
      const site = await accountSite(db, c.get('agent').accountId, c.req.valid('param').siteId);
      const body: SearchGapList = { searches: await listSearchGaps(db, site.id, c.req.valid('query').limit) };
      return c.json(body);
    })
    .post('/', validate('param', KbSiteParams), validate('json', SearchGapReviewBody), async (c) => {
      const agent = c.get('agent');
      const site = await accountSite(db, agent.accountId, c.req.valid('param').siteId);
      return c.json(await reviewSearchGap(db, agent, site.id, c.req.valid('json')));
    });
}

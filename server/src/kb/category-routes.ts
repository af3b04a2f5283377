import { Hono } from 'hono';
import { CategoryParams, CreateCategoryBody, KbSiteParams, OrderBody, UpdateCategoryBody, type KbCategoryList } from '@parley/protocol';
import { audit } from '../audit/audit';
import { ADMIN_ROLES, requireAgent, type InboxEnv } from '../auth/agent-auth';
import type { Deps } from '../core/deps';
import { validate } from '../http/validate';
import { accountSite } from '../sites/access';
import { createCategory, deleteCategory, listCategories, orderArticles, orderCategories, updateCategory } from './categories';

/**
 * The help center's categories, at /v1/inbox/sites/:siteId/categories (API tokens: kb:read,
 * kb:write): every agent may read them, owners and admins change them — create, rename (its
 * articles follow), describe, delete (its articles stay, uncategorised), and order them and
 * the articles in each. Another account's site is a 404.
 */
export function categoryInboxRoutes({ db }: Deps) {
  const admin = requireAgent({ roles: ADMIN_ROLES });
  const siteParam = validate('param', KbSiteParams);
  const categoryParam = validate('param', CategoryParams);
  const siteOf = (accountId: string, siteId: string) => accountSite(db, accountId, siteId);
  const list = async (siteId: string) => ({ categories: await listCategories(db, siteId) }) satisfies KbCategoryList;

  return new Hono<InboxEnv>()
    .use(requireAgent())
    .get('/', siteParam, async (c) => c.json(await list((await siteOf(c.get('agent').accountId, c.req.valid('param').siteId)).id)))
    .post('/', admin, siteParam, validate('json', CreateCategoryBody), async (c) => {
      const agent = c.get('agent');
      const site = await siteOf(agent.accountId, c.req.valid('param').siteId);
      const created = await createCategory(db, site.id, c.req.valid('json'));
      await audit(db, agent, 'kb.category_create', created.id);
      return c.json(created, 201);
    })
    .put('/order', admin, siteParam, validate('json', OrderBody), async (c) => {
      const agent = c.get('agent');
      const site = await siteOf(agent.accountId, c.req.valid('param').siteId);
      const body: KbCategoryList = { categories: await orderCategories(db, site.id, c.req.valid('json').ids) };
      await audit(db, agent, 'kb.category_update', site.id, { fields: ['position'] });
      return c.json(body);
    })
    .patch('/:id', admin, categoryParam, validate('json', UpdateCategoryBody), async (c) => {
      const agent = c.get('agent');
      const { siteId, id } = c.req.valid('param');
      const patch = c.req.valid('json');
      const updated = await updateCategory(db, (await siteOf(agent.accountId, siteId)).id, id, patch);
      await audit(db, agent, 'kb.category_update', id, { fields: Object.keys(patch) });
      return c.json(updated);
    })
    .put('/:id/order', admin, categoryParam, validate('json', OrderBody), async (c) => {
      const agent = c.get('agent');
      const { siteId, id } = c.req.valid('param');
      const site = await siteOf(agent.accountId, siteId);
      await orderArticles(db, site.id, id, c.req.valid('json').ids);
      await audit(db, agent, 'kb.category_update', id, { fields: ['articles'] });
      return c.body(null, 204);
    })
    .delete('/:id', admin, categoryParam, async (c) => {
      const agent = c.get('agent');
      const { siteId, id } = c.req.valid('param');
      await deleteCategory(db, (await siteOf(agent.accountId, siteId)).id, id);
      await audit(db, agent, 'kb.category_delete', id);
      return c.body(null, 204);
    });
}

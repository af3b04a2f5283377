import { Hono } from 'hono';
import {
  ArticleAdminParams,
  BotGapParams,
  BotGapReviewBody,
  BotGapsQuery,
  ArticleImportBody,
  CreateArticleBody,
  KbSiteParams,
  UpdateArticleBody,
  type ArticleList,
  type BotGapList,
  type ArticleStatus,
  type ImportedArticle,
} from '@parley/protocol';
import type { Deps } from '../core/deps';
import { audit } from '../audit/audit';
import { ADMIN_ROLES, requireAgent, type InboxEnv } from '../auth/agent-auth';
import type { AgentRow } from '../db/rows';
import { ApiError, notFound } from '../http/errors';
import { validate } from '../http/validate';
import { accountSite } from '../sites/access';
import { createArticle, deleteArticle, findArticle, importArticlesYielding, listArticles, toArticle, updateArticle } from './articles';
import { listBotGaps, reviewBotGap } from './gaps';
import { exportArticles, ImportFormatError, parseCsvArticles, parseMarkdownArticles, validated } from './formats';

/** A knowledge base pasted in from the inbox: a whole help centre is megabytes, not kilobytes. */
const KB_IMPORT_BODY_LIMIT = 5 * 1024 * 1024;

function parseImport(body: ArticleImportBody): ImportedArticle[] {
  try {
    switch (body.format) {
      case 'json':
        return validated(body.articles, 'JSON');
      case 'csv':
        return parseCsvArticles(body.text);
      case 'markdown':
        return parseMarkdownArticles(body.files);
    }
  } catch (err) {
    if (err instanceof ImportFormatError) throw new ApiError(400, 'invalid_request', err.message);
    throw err;
  }
}

/**
 * The knowledge base in the inbox, at /v1/inbox/sites/:siteId/articles: every agent may read
 * it (to answer from it), owners and admins change it (docs/spec.md §8). Another account's site is a
 * 404, like a missing one.
 */
export function articleInboxRoutes({ db }: Deps) {
  const admin = requireAgent({ roles: ADMIN_ROLES });
  const siteParam = validate('param', KbSiteParams);
  const articleParam = validate('param', ArticleAdminParams);
  const setStatus = async (agent: AgentRow, p: { siteId: string; id: string }, status: ArticleStatus) => {
    const row = await updateArticle(db, (await accountSite(db, agent.accountId, p.siteId)).id, p.id, { status });
    if (!row) throw notFound('Article');
    await audit(db, agent, status === 'published' ? 'kb.publish' : 'kb.unpublish', p.id);
    return toArticle(row);
  };

  return new Hono<InboxEnv>()
    .use(requireAgent())
    .get('/', siteParam, async (c) => {
      const site = await accountSite(db, c.get('agent').accountId, c.req.valid('param').siteId);
      const body: ArticleList = { articles: (await listArticles(db, site.id)).map(toArticle) };
      return c.json(body);
    })
    .get('/export', siteParam, async (c) => {
      const site = await accountSite(db, c.get('agent').accountId, c.req.valid('param').siteId);
      c.header('content-disposition', `attachment; filename="kb-${site.publicKey}.json"`);
      return c.json(exportArticles(await listArticles(db, site.id)));
    })
    .post('/import', admin, siteParam, validate('json', ArticleImportBody, { maxBytes: KB_IMPORT_BODY_LIMIT }), async (c) => {
      const agent = c.get('agent');
      const site = await accountSite(db, agent.accountId, c.req.valid('param').siteId);
      const input = c.req.valid('json');
      const entries = parseImport(input);
      const result = await importArticlesYielding(db, site.id, entries);
      await audit(db, agent, 'kb.import', site.id, { format: input.format, ...result });
      return c.json(result);
    })
    .post('/', admin, siteParam, validate('json', CreateArticleBody), async (c) => {
      const agent = c.get('agent');
      const site = await accountSite(db, agent.accountId, c.req.valid('param').siteId);
      const row = await createArticle(db, site.id, c.req.valid('json'));
      await audit(db, agent, 'kb.create', row.id);
      return c.json(toArticle(row), 201);
    })
    .get('/:id', articleParam, async (c) => {
      const { siteId, id } = c.req.valid('param');
      const row = await findArticle(db, (await accountSite(db, c.get('agent').accountId, siteId)).id, id);
      if (!row) throw notFound('Article');
      return c.json(toArticle(row));
    })
    .patch('/:id', admin, articleParam, validate('json', UpdateArticleBody), async (c) => {
      const agent = c.get('agent');
      const { siteId, id } = c.req.valid('param');
      const patch = c.req.valid('json');
      const row = await updateArticle(db, (await accountSite(db, agent.accountId, siteId)).id, id, patch);
      if (!row) throw notFound('Article');
      await audit(db, agent, 'kb.update', id, { fields: Object.keys(patch) });
      return c.json(toArticle(row));
    })
    .post('/:id/publish', admin, articleParam, async (c) => c.json(await setStatus(c.get('agent'), c.req.valid('param'), 'published')))
    .post('/:id/unpublish', admin, articleParam, async (c) => c.json(await setStatus(c.get('agent'), c.req.valid('param'), 'draft')))
    .delete('/:id', admin, articleParam, async (c) => {
      const agent = c.get('agent');
      const { siteId, id } = c.req.valid('param');
      if (!(await deleteArticle(db, (await accountSite(db, agent.accountId, siteId)).id, id))) throw notFound('Article');
      await audit(db, agent, 'kb.delete', id);
      return c.body(null, 204);
    });
}

/**
 * Questions the bot missed, at /v1/inbox/sites/:siteId/kb-gaps: part of managing the
 * knowledge base, so owners and admins only, and another account's site is a 404.
 */
export function gapInboxRoutes({ db }: Deps) {
  return new Hono<InboxEnv>()
    .use(requireAgent({ roles: ADMIN_ROLES }))
    .get('/', validate('param', KbSiteParams), validate('query', BotGapsQuery), async (c) => {
      const site = await accountSite(db, c.get('agent').accountId, c.req.valid('param').siteId);
      const body: BotGapList = { gaps: await listBotGaps(db, site.id, c.req.valid('query')) };
      return c.json(body);
    })
    .post('/:messageId', validate('param', BotGapParams), validate('json', BotGapReviewBody), async (c) => {
      const agent = c.get('agent');
      const { siteId, messageId } = c.req.valid('param');
      const site = await accountSite(db, agent.accountId, siteId);
      return c.json(await reviewBotGap(db, agent, site.id, messageId, c.req.valid('json')));
    });
}

import { z } from 'zod';
import { IdParams, hasForbiddenChars, humanText } from './text';
import { SiteKey } from './widget-api';

/*
 * The knowledge base (docs/spec.md §7): articles the bot answers from and visitors can search.
 * Owner/admin requests (create, update, import, export) and the visitor endpoints under
 * /v1/widget/articles. docs/api.md documents the visitor endpoints with examples.
 */

export const ArticleStatus = z.enum(['draft', 'published']);
export type ArticleStatus = z.infer<typeof ArticleStatus>;

/**
 * The owner's own key for an article (an FAQ file's `id`, a Markdown file's name): any
 * printable text, since FAQ exports use ids like `reverted_card_payment?`. It never appears
 * in a URL; articles are addressed by their generated `id`.
 */
export const ArticleSlug = humanText(120);

export const MAX_ARTICLE_BODY = 50_000;
/** Markdown: any printable text, newlines included. */
export const ArticleBody = z
  .string()
  .max(MAX_ARTICLE_BODY, `must be at most ${MAX_ARTICLE_BODY} characters`)
  .refine((s) => !hasForbiddenChars(s), 'must not contain control characters');

const Title = humanText(200);
export const MAX_PHRASINGS = 200;
/** One way visitors ask an article's question: what the bot's retriever learns from. */
export const Phrasing = humanText(500);
const Phrasings = z.array(Phrasing).max(MAX_PHRASINGS, `at most ${MAX_PHRASINGS} phrasings`);
const Category = humanText(80).nullable();
const ArticleLocale = z.string().trim().min(2).max(35).regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/, 'must be a language tag like en or pt-BR').nullable();

// ---- owner/admin: create and update
export const CreateArticleBody = z.object({
  slug: ArticleSlug.optional(),
  title: Title,
  body: ArticleBody.default(''),
  phrasings: Phrasings.default([]),
  category: Category.default(null),
  locale: ArticleLocale.default(null),
  status: ArticleStatus.default('draft'),
});
export type CreateArticleBody = z.infer<typeof CreateArticleBody>;

export const UpdateArticleBody = z
  .object({
    slug: ArticleSlug,
    title: Title,
    body: ArticleBody,
    phrasings: Phrasings,
    category: Category,
    locale: ArticleLocale,
    status: ArticleStatus,
  })
  .partial()
  .refine((o) => Object.keys(o).length > 0, 'must change at least one field');
export type UpdateArticleBody = z.infer<typeof UpdateArticleBody>;

/**
 * One entry of a JSON import: the `../shared/data/*\/faq-*.json` format (`id`, `title`,
 * `phrasings`) plus `body` and the optional fields. Imported entries are published unless
 * they say otherwise: an import is an existing FAQ going live.
 */
export const ImportedArticle = z.object({
  id: ArticleSlug,
  title: Title,
  phrasings: Phrasings.default([]),
  body: ArticleBody.default(''),
  category: Category.default(null),
  locale: ArticleLocale.default(null),
  status: ArticleStatus.default('published'),
});
export type ImportedArticle = z.infer<typeof ImportedArticle>;
export const ArticleImportFile = z.array(ImportedArticle).max(20_000, 'at most 20,000 articles per import');

export const ArticleParams = IdParams;

/** What an owner sees of an article. */
export const Article = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  body: z.string(),
  phrasings: z.array(z.string()),
  category: z.string().nullable(),
  locale: z.string().nullable(),
  status: ArticleStatus,
  views: z.number().int(),
  helpful: z.number().int(),
  notHelpful: z.number().int(),
  /** Its place within its category on the help center. */
  position: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Article = z.infer<typeof Article>;

export const ImportResult = z.object({ created: z.number().int(), updated: z.number().int() });
export type ImportResult = z.infer<typeof ImportResult>;

// ---- visitor: GET /v1/widget/articles?q=…  (token, or ?site=KEY before a visitor exists)
export const ArticleSearchQuery = z.object({
  site: SiteKey.optional(),
  q: z.string().max(500, 'must be at most 500 characters').default(''),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});
export type ArticleSearchQuery = z.infer<typeof ArticleSearchQuery>;

export const ArticleSummary = z.object({
  id: z.string(),
  title: z.string(),
  category: z.string().nullable(),
  /** A short plain-text excerpt of the body around the match. */
  snippet: z.string(),
});
export type ArticleSummary = z.infer<typeof ArticleSummary>;

export const ArticleSearchResult = z.object({ articles: z.array(ArticleSummary) });
export type ArticleSearchResult = z.infer<typeof ArticleSearchResult>;

// ---- visitor: GET /v1/widget/articles/:id
export const PublicArticle = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  category: z.string().nullable(),
  locale: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});
export type PublicArticle = z.infer<typeof PublicArticle>;

export const ArticleReadQuery = z.object({ site: SiteKey.optional() });

// ---- visitor: POST /v1/widget/articles/:id/feedback (token required: one vote per visitor)
export const ArticleFeedbackBody = z.object({ helpful: z.boolean() });
export type ArticleFeedbackBody = z.infer<typeof ArticleFeedbackBody>;
export const ArticleFeedbackResult = z.object({ helpful: z.boolean(), counted: z.boolean() });
export type ArticleFeedbackResult = z.infer<typeof ArticleFeedbackResult>;

// ---- owner/admin: /v1/inbox/sites/:siteId/articles
export const KbSiteParams = z.object({ siteId: IdParams.shape.id });
export const ArticleAdminParams = KbSiteParams.extend(IdParams.shape);
export const ArticleList = z.object({ articles: z.array(Article) });
export type ArticleList = z.infer<typeof ArticleList>;

/**
 * POST …/articles/import: a JSON FAQ (`articles`, the import format), a CSV file's text, or
 * Markdown files with front matter. This route alone takes bodies up to 5 MiB (every other
 * JSON route: 64 KiB); bigger imports use `pnpm parley kb import`.
 */
export const ArticleImportBody = z.discriminatedUnion('format', [
  z.object({ format: z.literal('json'), articles: z.array(z.unknown()).max(20_000) }),
  z.object({ format: z.literal('csv'), text: z.string().min(1).max(5 * 1024 * 1024) }),
  z.object({
    format: z.literal('markdown'),
    files: z.array(z.object({ name: z.string().trim().min(1).max(200), text: z.string().max(MAX_ARTICLE_BODY) })).min(1).max(2_000),
  }),
]);
export type ArticleImportBody = z.infer<typeof ArticleImportBody>;

// ---- owner/admin: /v1/inbox/sites/:siteId/kb-gaps — questions the bot missed
export const BotGapsQuery = z.object({
  /** Paging, newest first: only misses older than this visitor message id. */
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type BotGapsQuery = z.infer<typeof BotGapsQuery>;

/**
 * How the bot failed the question: it offered a person (low confidence), asked "Did you
 * mean", or answered and the visitor voted the answer not helpful.
 */
export const BotGapOutcome = z.enum(['offer_handoff', 'clarify', 'not_helpful']);
export type BotGapOutcome = z.infer<typeof BotGapOutcome>;

export const BotGap = z.object({
  /** The visitor message: what `POST …/kb-gaps/:messageId` takes. */
  messageId: z.number().int(),
  conversationId: z.string(),
  text: z.string(),
  createdAt: z.iso.datetime(),
  outcome: BotGapOutcome,
  /** The bot's confidence in its best article for the question. */
  confidence: z.number().nullable(),
  /** The bot's best guess (the answered article, else the first "Did you mean" chip, else retrieval's top article), if still on the site. */
  suggestedArticle: z.object({ id: z.string(), title: z.string() }).nullable(),
});
export type BotGap = z.infer<typeof BotGap>;

export const BotGapList = z.object({ gaps: z.array(BotGap) });
export type BotGapList = z.infer<typeof BotGapList>;

export const BotGapParams = KbSiteParams.extend({ messageId: z.coerce.number().int().min(1) });

/**
 * POST …/kb-gaps/:messageId: add the question (or `text`, the owner's edit of it) to an
 * article's phrasings, so the bot answers it next time; or dismiss it.
 */
export const BotGapReviewBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('add_phrasing'), articleId: z.string().min(1).max(64), text: Phrasing.optional() }),
  z.object({ action: z.literal('dismiss') }),
]);
export type BotGapReviewBody = z.infer<typeof BotGapReviewBody>;

export const BotGapReview = z.object({
  messageId: z.number().int(),
  action: z.enum(['added', 'dismissed']),
  /** The article as it is now, with the new phrasing; null for a dismissal. */
  article: Article.nullable(),
  reviewedAt: z.iso.datetime(),
});
export type BotGapReview = z.infer<typeof BotGapReview>;

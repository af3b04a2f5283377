import { z } from 'zod';
import { Article, ArticleSummary, KbSiteParams, Phrasing } from './kb-api';
import { HelpSessionId, SiteKey } from './widget-api';
import { IdParams, humanText } from './text';

/*
 * Self-service (docs/api.md, Help center): an account's knowledge base as a public help
 * center at /help/:siteKey/ (server-rendered pages), with categories of its own. Articles
 * keep their category by name (`Article.category`); a category adds what a help center
 * shows: a slug for its URL, a description, and its place among the others.
 */

/** What a URL path segment may be: lower-case letters, digits and single dashes. */
export const CategorySlug = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(80)
  .regex(/^[\p{Ll}\p{Lo}\p{N}]+(?:-[\p{Ll}\p{Lo}\p{N}]+)*$/u, 'must be lower-case letters and digits joined by single dashes');
export const CategoryName = humanText(80);
const CategoryDescription = z.string().trim().max(500, 'must be at most 500 characters');

// ---- owner/admin: /v1/inbox/sites/:siteId/categories
export const KbCategory = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  position: z.number().int(),
  /** Articles in it, and how many of them are published (what the help center shows). */
  articles: z.number().int(),
  published: z.number().int(),
});
export type KbCategory = z.infer<typeof KbCategory>;
export const KbCategoryList = z.object({ categories: z.array(KbCategory) });
export type KbCategoryList = z.infer<typeof KbCategoryList>;

export const CreateCategoryBody = z.object({
  name: CategoryName,
  /** Made from the name when absent. */
  slug: CategorySlug.optional(),
  description: CategoryDescription.default(''),
});
export type CreateCategoryBody = z.infer<typeof CreateCategoryBody>;

/** A new name renames the category on its articles too. */
export const UpdateCategoryBody = z
  .object({ name: CategoryName, slug: CategorySlug, description: CategoryDescription })
  .partial()
  .refine((o) => Object.keys(o).length > 0, 'must change at least one field');
export type UpdateCategoryBody = z.infer<typeof UpdateCategoryBody>;

export const CategoryParams = KbSiteParams.extend(IdParams.shape);

// ---- visitor: GET /v1/widget/help?site=&lang=&session=, /help/categories/:slug, /help/search?q= (token, or ?site=KEY)
export const HelpQuery = z.object({ site: SiteKey.optional(), lang: z.string().min(2).max(35).optional(), session: HelpSessionId.optional() });
export type HelpQuery = z.infer<typeof HelpQuery>;
export const HelpSearchQuery = HelpQuery.extend({
  q: z.string().max(500, 'must be at most 500 characters').default(''),
  limit: z.coerce.number().int().min(1).max(20).default(8),
});
export type HelpSearchQuery = z.infer<typeof HelpSearchQuery>;
/** A category as visitors see it: only those with an article in the language asked, counting those. */
export const HelpCategory = z.object({ slug: z.string(), name: z.string(), description: z.string(), articles: z.number().int() });
export type HelpCategory = z.infer<typeof HelpCategory>;
/** The widget's Help home: the help center's address in this language, its categories and popular articles. */
export const HelpHome = z.object({ url: z.string(), lang: z.string(), categories: z.array(HelpCategory), popular: z.array(ArticleSummary) });
export type HelpHome = z.infer<typeof HelpHome>;
export const HelpCategoryParams = z.object({ slug: z.string().min(1).max(80) });
export const HelpCategoryPage = z.object({ category: HelpCategory, articles: z.array(ArticleSummary) });
export type HelpCategoryPage = z.infer<typeof HelpCategoryPage>;

// ---- owner/admin: /v1/inbox/sites/:siteId/kb-gaps/searches
/** Searches that found no article, one row per query (letter case aside), most asked first, until reviewed. */
export const SearchGap = z.object({ query: z.string(), searches: z.number().int(), lastAt: z.iso.datetime() });
export type SearchGap = z.infer<typeof SearchGap>;
export const SearchGapList = z.object({ searches: z.array(SearchGap) });
export type SearchGapList = z.infer<typeof SearchGapList>;
export const SearchGapsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** Decides on every unreviewed search for `query`: add it (or `text`) to an article's phrasings, or dismiss it. */
const SearchGapQuery = z.string().trim().min(1).max(200);
export const SearchGapReviewBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('add_phrasing'), query: SearchGapQuery, articleId: z.string().min(1).max(64), text: Phrasing.optional() }),
  z.object({ action: z.literal('dismiss'), query: SearchGapQuery }),
]);
export type SearchGapReviewBody = z.infer<typeof SearchGapReviewBody>;
export const SearchGapReview = z.object({
  query: z.string(),
  action: z.enum(['added', 'dismissed']),
  /** How many searches the decision covered. */
  searches: z.number().int(),
  article: Article.nullable(),
  reviewedAt: z.iso.datetime(),
});
export type SearchGapReview = z.infer<typeof SearchGapReview>;

/** PUT …/categories/order (every category of the site, in their new order) and PUT …/categories/:id/order (its articles'). */
export const OrderBody = z.object({ ids: z.array(IdParams.shape.id).min(1).max(5_000) });
export type OrderBody = z.infer<typeof OrderBody>;

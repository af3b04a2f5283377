import type { ArticleRow } from '../db/rows';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Article, CreateArticleBody, ImportedArticle, ImportResult, UpdateArticleBody } from '@parley/protocol';
import { newId } from '../db/ids';
import type { Db } from '../db/store';
import { articles, articleViews } from '../db/tables';
import { ApiError } from '../http/errors';

export function toArticle(row: ArticleRow): Article {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    body: row.body,
    phrasings: row.phrasings,
    category: row.category,
    locale: row.locale,
    status: row.status,
    views: row.views,
    helpful: row.helpful,
    notHelpful: row.notHelpful,
    position: row.position,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const slugTaken = (slug: string) => new ApiError(409, 'conflict', `An article with slug "${slug}" already exists on this site`);

async function slugExists(db: Db, siteId: string, slug: string): Promise<boolean> {
  return !!(
    await db
      .select({ id: articles.id })
      .from(articles)
      .where(and(eq(articles.siteId, siteId), eq(articles.slug, slug)))
      .limit(1)
  )[0];
}

export async function createArticle(db: Db, siteId: string, input: CreateArticleBody): Promise<ArticleRow> {
  const id = newId('art');
  // Without a slug of its own, the article is keyed by its id, which is unique anyway.
  const slug = input.slug ?? id;
  if (await slugExists(db, siteId, slug)) throw slugTaken(slug);
  const [row] = await db
    .insert(articles)
    .values({ ...input, id, siteId, slug })
    .returning();
  return row!;
}

/** The site's article, or undefined: another site's article id looks like a missing one. */
export async function findArticle(db: Db, siteId: string, id: string): Promise<ArticleRow | undefined> {
  return (
    await db
      .select()
      .from(articles)
      .where(and(eq(articles.siteId, siteId), eq(articles.id, id)))
      .limit(1)
  )[0];
}

export async function updateArticle(db: Db, siteId: string, id: string, patch: UpdateArticleBody): Promise<ArticleRow | undefined> {
  const before = await findArticle(db, siteId, id);
  if (!before) return undefined;
  if (patch.slug !== undefined && patch.slug !== before.slug && (await slugExists(db, siteId, patch.slug))) throw slugTaken(patch.slug);
  return (
    await db
      .update(articles)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(articles.seq, before.seq))
      .returning()
  )[0];
}

export async function deleteArticle(db: Db, siteId: string, id: string): Promise<boolean> {
  const gone = await db
    .delete(articles)
    .where(and(eq(articles.siteId, siteId), eq(articles.id, id)))
    .returning({ seq: articles.seq });
  return gone.length > 0;
}

/** Every article of the site, drafts included, in import/creation order. */
export async function listArticles(db: Db, siteId: string): Promise<ArticleRow[]> {
  return await db.select().from(articles).where(eq(articles.siteId, siteId)).orderBy(asc(articles.seq));
}

/** What the bot may answer from and visitors may read. */
export async function publishedArticles(db: Db, siteId: string): Promise<ArticleRow[]> {
  return await db
    .select()
    .from(articles)
    .where(and(eq(articles.siteId, siteId), eq(articles.status, 'published')))
    .orderBy(asc(articles.seq));
}

/**
 * Creates or updates articles by slug, all in one transaction: a file that fails halfway
 * leaves the KB as it was. Re-importing the same file changes nothing but `updatedAt`.
 */
export async function importArticles(db: Db, siteId: string, entries: readonly ImportedArticle[]): Promise<ImportResult> {
  refuseRepeatedIds(entries);
  return db.transaction(async (tx) => {
    let created = 0;
    let updated = 0;
    const now = new Date();
    for (const { id: slug, ...fields } of entries) {
      const done = await tx
        .update(articles)
        .set({ ...fields, updatedAt: now })
        .where(and(eq(articles.siteId, siteId), eq(articles.slug, slug)))
        .returning({ seq: articles.seq });
      if (done.length > 0) updated++;
      else {
        await tx.insert(articles).values({ ...fields, id: newId('art'), siteId, slug });
        created++;
      }
    }
    return { created, updated };
  });
}

function refuseRepeatedIds(entries: readonly ImportedArticle[]): void {
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.id)) throw new ApiError(400, 'invalid_request', `Article id "${e.id}" appears twice in the import`);
    seen.add(e.id);
  }
}

/**
 * Articles written per transaction by `importArticlesYielding`: ~0.7 ms each with their index
 * entries, so a chunk holds the process (every site's requests) for well under 100 ms.
 */
const IMPORT_CHUNK = 100;

/**
 * A big import (an owner's whole help centre, up to 5 MiB) in transactions of IMPORT_CHUNK
 * articles, letting other requests run between them: in one transaction, 8,000 articles held
 * every tenant's requests for 5.5 s. Repeated ids are refused before anything is written; a
 * failure partway (a full disk) leaves the chunks before it imported, and importing the file
 * again finishes it.
 */
export async function importArticlesYielding(db: Db, siteId: string, entries: readonly ImportedArticle[]): Promise<ImportResult> {
  refuseRepeatedIds(entries);
  const total: ImportResult = { created: 0, updated: 0 };
  for (let i = 0; i < entries.length; i += IMPORT_CHUNK) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    const done = await importArticles(db, siteId, entries.slice(i, i + IMPORT_CHUNK));
    total.created += done.created;
    total.updated += done.updated;
  }
  return total;
}

/** Counts a read of a published article: in all, and on today's (UTC) count that "popular" sums. */
export async function countView(db: Db, article: Pick<ArticleRow, 'seq' | 'id'>): Promise<void> {
  await db
    .update(articles)
    .set({ views: sql`${articles.views} + 1` })
    .where(eq(articles.seq, article.seq));
  await db
    .insert(articleViews)
    .values({ articleId: article.id, day: new Date().toISOString().slice(0, 10), views: 1 })
    .onConflictDoUpdate({ target: [articleViews.articleId, articleViews.day], set: { views: sql`${articleViews.views} + 1` } });
}

/** A "Was this helpful?" from the help center, whose readers are anonymous: counted as given (its pages limit each address). */
export async function rateArticle(db: Db, article: Pick<ArticleRow, 'seq'>, helpful: boolean): Promise<void> {
  const counter = helpful ? articles.helpful : articles.notHelpful;
  await db
    .update(articles)
    .set({ [helpful ? 'helpful' : 'notHelpful']: sql`${counter} + 1` })
    .where(eq(articles.seq, article.seq));
}

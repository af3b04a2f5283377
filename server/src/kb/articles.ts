import type { ArticleRow } from '../db/rows';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Article, CreateArticleBody, ImportedArticle, ImportResult, UpdateArticleBody } from '@parley/protocol';
import { newId } from '../db/ids';
import type { Db } from '../db/connection';
import { articles } from '../db/schema';
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
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const slugTaken = (slug: string) => new ApiError(409, 'conflict', `An article with slug "${slug}" already exists on this site`);

function slugExists(db: Db, siteId: string, slug: string): boolean {
  return !!db.select({ id: articles.id }).from(articles).where(and(eq(articles.siteId, siteId), eq(articles.slug, slug))).get();
}

export function createArticle(db: Db, siteId: string, input: CreateArticleBody): ArticleRow {
  const id = newId('art');
  // Without a slug of its own, the article is keyed by its id, which is unique anyway.
  const slug = input.slug ?? id;
  if (slugExists(db, siteId, slug)) throw slugTaken(slug);
  return db
    .insert(articles)
    .values({ ...input, id, siteId, slug })
    .returning()
    .get();
}

/** The site's article, or undefined: another site's article id looks like a missing one. */
export function findArticle(db: Db, siteId: string, id: string): ArticleRow | undefined {
  return db.select().from(articles).where(and(eq(articles.siteId, siteId), eq(articles.id, id))).get();
}

export function updateArticle(db: Db, siteId: string, id: string, patch: UpdateArticleBody): ArticleRow | undefined {
  const before = findArticle(db, siteId, id);
  if (!before) return undefined;
  if (patch.slug !== undefined && patch.slug !== before.slug && slugExists(db, siteId, patch.slug)) throw slugTaken(patch.slug);
  return db
    .update(articles)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(articles.seq, before.seq))
    .returning()
    .get();
}

export function deleteArticle(db: Db, siteId: string, id: string): boolean {
  return db.delete(articles).where(and(eq(articles.siteId, siteId), eq(articles.id, id))).run().changes > 0;
}

/** Every article of the site, drafts included, in import/creation order. */
export function listArticles(db: Db, siteId: string): ArticleRow[] {
  return db.select().from(articles).where(eq(articles.siteId, siteId)).orderBy(asc(articles.seq)).all();
}

/** What the bot may answer from and visitors may read. */
export function publishedArticles(db: Db, siteId: string): ArticleRow[] {
  return db
    .select()
    .from(articles)
    .where(and(eq(articles.siteId, siteId), eq(articles.status, 'published')))
    .orderBy(asc(articles.seq))
    .all();
}

/**
 * Creates or updates articles by slug, all in one transaction: a file that fails halfway
 * leaves the KB as it was. Re-importing the same file changes nothing but `updatedAt`.
 */
export function importArticles(db: Db, siteId: string, entries: readonly ImportedArticle[]): ImportResult {
  refuseRepeatedIds(entries);
  return db.transaction(
    (tx) => {
      let created = 0;
      let updated = 0;
      const now = new Date();
      for (const { id: slug, ...fields } of entries) {
        const done = tx
          .update(articles)
          .set({ ...fields, updatedAt: now })
          .where(and(eq(articles.siteId, siteId), eq(articles.slug, slug)))
          .run();
        if (done.changes > 0) updated++;
        else {
          tx.insert(articles)
            .values({ ...fields, id: newId('art'), siteId, slug })
            .run();
          created++;
        }
      }
      return { created, updated };
    },
    { behavior: 'immediate' },
  );
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
    const done = importArticles(db, siteId, entries.slice(i, i + IMPORT_CHUNK));
    total.created += done.created;
    total.updated += done.updated;
  }
  return total;
}

/** Counts a read of a published article. */
export function countView(db: Db, seq: number): void {
  db.update(articles)
    .set({ views: sql`${articles.views} + 1` })
    .where(eq(articles.seq, seq))
    .run();
}

import { and, asc, count, eq, inArray, isNotNull, notInArray, sql } from 'drizzle-orm';
import type { CreateCategoryBody, KbCategory, UpdateCategoryBody } from '@parley/protocol';
import { newId } from '../db/ids';
import type { Db } from '../db/store';
import { articles, kbCategories } from '../db/tables';
import { ApiError, notFound } from '../http/errors';

/** A name as a URL path segment: letters and digits of any script, lower-cased, accents dropped, joined by dashes. */
export function slugify(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  let slug = '';
  for (const w of words.map((word) => word.slice(0, 80))) if ((slug ? slug.length + 1 : 0) + w.length <= 80) slug = slug ? `${slug}-${w}` : w;
  return slug || 'category';
}

type CategoryRow = typeof kbCategories.$inferSelect;

/** `wanted`, or `wanted-2`, `-3`… : the first slug no other category of the site has. */
function freeSlug(wanted: string, taken: ReadonlySet<string>): string {
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) if (!taken.has(`${wanted}-${n}`)) return `${wanted}-${n}`;
}

/**
 * Gives every category name the site's articles use a row, after the existing ones: articles
 * written by any path (the inbox, an import, the command line, the demo's seed) name their
 * category, and the help center needs its slug and place.
 */
async function addMissing(db: Db, siteId: string): Promise<CategoryRow[]> {
  const rows = await db.select().from(kbCategories).where(eq(kbCategories.siteId, siteId)).orderBy(asc(kbCategories.position), asc(kbCategories.name));
  const named = rows.map((r) => r.name);
  const missing = await db
    .selectDistinct({ name: articles.category })
    .from(articles)
    .where(and(eq(articles.siteId, siteId), isNotNull(articles.category), named.length ? notInArray(articles.category, named) : undefined))
    .orderBy(asc(articles.category));
  if (missing.length === 0) return rows;
  const taken = new Set(rows.map((r) => r.slug));
  let position = rows.reduce((max, r) => Math.max(max, r.position + 1), 0);
  const added = missing.map(({ name }) => {
    const slug = freeSlug(slugify(name!), taken);
    taken.add(slug);
    return { id: newId('cat'), siteId, slug, name: name!, description: '', position: position++ };
  });
  // Another request may add the same names meanwhile: the unique (site, name) keeps one.
  await db.insert(kbCategories).values(added).onConflictDoNothing();
  return db.select().from(kbCategories).where(eq(kbCategories.siteId, siteId)).orderBy(asc(kbCategories.position), asc(kbCategories.name));
}

/** The site's categories in their order, with how many articles each has (and how many are published). */
export async function listCategories(db: Db, siteId: string): Promise<KbCategory[]> {
  const rows = await addMissing(db, siteId);
  const counts = await db
    .select({ name: articles.category, status: articles.status, n: count() })
    .from(articles)
    .where(and(eq(articles.siteId, siteId), isNotNull(articles.category)))
    .groupBy(articles.category, articles.status);
  const of = (name: string, status?: string) => counts.filter((c) => c.name === name && (!status || c.status === status)).reduce((s, c) => s + c.n, 0);
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    position: r.position,
    articles: of(r.name),
    published: of(r.name, 'published'),
  }));
}

const conflict = (what: string) => new ApiError(409, 'conflict', `A category with this ${what} already exists on this site`);

async function findCategory(db: Db, siteId: string, id: string): Promise<CategoryRow> {
  const row = (await db.select().from(kbCategories).where(and(eq(kbCategories.siteId, siteId), eq(kbCategories.id, id))))[0];
  if (!row) throw notFound('Category');
  return row;
}

async function clash(db: Db, siteId: string, field: 'name' | 'slug', value: string, except?: string): Promise<boolean> {
  const rows = await db.select({ id: kbCategories.id }).from(kbCategories).where(and(eq(kbCategories.siteId, siteId), eq(kbCategories[field], value)));
  return rows.some((r) => r.id !== except);
}

export async function createCategory(db: Db, siteId: string, input: CreateCategoryBody): Promise<KbCategory> {
  const existing = await addMissing(db, siteId);
  if (existing.some((r) => r.name === input.name)) throw conflict('name');
  if (input.slug && existing.some((r) => r.slug === input.slug)) throw conflict('slug');
  const slug = input.slug ?? freeSlug(slugify(input.name), new Set(existing.map((r) => r.slug)));
  const position = existing.reduce((max, r) => Math.max(max, r.position + 1), 0);
  const id = newId('cat');
  await db.insert(kbCategories).values({ id, siteId, slug, name: input.name, description: input.description, position });
  return (await listCategories(db, siteId)).find((c) => c.id === id)!;
}

/** Renames, re-slugs or re-describes a category; a new name moves its articles with it, in the same transaction. */
export async function updateCategory(db: Db, siteId: string, id: string, patch: UpdateCategoryBody): Promise<KbCategory> {
  const before = await findCategory(db, siteId, id);
  if (patch.name !== undefined && (await clash(db, siteId, 'name', patch.name, id))) throw conflict('name');
  if (patch.slug !== undefined && (await clash(db, siteId, 'slug', patch.slug, id))) throw conflict('slug');
  await db.transaction(async (tx) => {
    await tx.update(kbCategories).set(patch).where(eq(kbCategories.id, id));
    if (patch.name !== undefined && patch.name !== before.name)
      await tx
        .update(articles)
        .set({ category: patch.name, updatedAt: new Date() })
        .where(and(eq(articles.siteId, siteId), eq(articles.category, before.name)));
  });
  return (await listCategories(db, siteId)).find((c) => c.id === id)!;
}

/** Deletes a category; its articles stay, without a category. */
export async function deleteCategory(db: Db, siteId: string, id: string): Promise<void> {
  const before = await findCategory(db, siteId, id);
  await db.transaction(async (tx) => {
    await tx
      .update(articles)
      .set({ category: null, updatedAt: new Date() })
      .where(and(eq(articles.siteId, siteId), eq(articles.category, before.name)));
    await tx.delete(kbCategories).where(eq(kbCategories.id, id));
  });
}

/** Positions `ids` 0, 1, 2… in `table` (rows of `siteId` only); an id not among them is a 400. */
async function setOrder(db: Db, table: typeof kbCategories | typeof articles, siteId: string, ids: readonly string[], scope = sql`true`): Promise<void> {
  if (new Set(ids).size !== ids.length) throw new ApiError(400, 'invalid_request', 'ids: each id at most once');
  const found = await db.select({ id: table.id }).from(table).where(and(eq(table.siteId, siteId), inArray(table.id, [...ids]), scope));
  if (found.length !== ids.length) throw new ApiError(400, 'invalid_request', 'ids: every id must be one of this list');
  await db.transaction(async (tx) => {
    for (const [position, id] of ids.entries()) await tx.update(table).set({ position }).where(eq(table.id, id));
  });
}

/** The categories in this order (those not named keep their places after them). */
export async function orderCategories(db: Db, siteId: string, ids: readonly string[]): Promise<KbCategory[]> {
  await setOrder(db, kbCategories, siteId, ids);
  return listCategories(db, siteId);
}

/** A category's articles in this order. */
export async function orderArticles(db: Db, siteId: string, categoryId: string, ids: readonly string[]): Promise<void> {
  const category = await findCategory(db, siteId, categoryId);
  await setOrder(db, articles, siteId, ids, eq(articles.category, category.name));
}

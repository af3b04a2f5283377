import type { ArticleSummary } from '@parley/protocol';
import type { Db } from '../db/store';
import { and, asc, eq, type SQL } from 'drizzle-orm';
import { articleMatch, searchWords } from '../db/dialect';
import { articles } from '../db/tables';

interface SearchRow {
  id: string;
  title: string;
  category: string | null;
  body: string;
}

const SNIPPET = 160;

/**
 * A plain-text excerpt of the body around the first query word, cut here in JS: FTS5's
 * snippet() runs for every matching row before ORDER BY … LIMIT, several times the cost of
 * the search itself on a large KB.
 */
export function excerpt(body: string, words: readonly string[]): string {
  const plain = body
    .replace(/[#*_`>[\]]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const lower = plain.toLowerCase();
  const at =
    words
      .map((w) => lower.indexOf(w))
      .filter((i) => i >= 0)
      .sort((a, b) => a - b)[0] ?? 0;
  const start = Math.max(0, at - SNIPPET / 4);
  const cut = plain.slice(start, start + SNIPPET);
  return `${start > 0 ? '…' : ''}${cut}${start + SNIPPET < plain.length ? '…' : ''}`;
}

/**
 * The site's published articles matching the text, best first (title matches weigh most,
 * then phrasings, then body: dialect.ts), with their whole bodies. Drafts and other sites'
 * articles are never returned.
 */
export async function matchingArticles(db: Db, siteId: string, q: string, limit: number, also?: SQL): Promise<SearchRow[]> {
  const words = searchWords(q);
  if (words.length === 0) return [];
  const match = articleMatch(words);
  const columns = { id: articles.id, title: articles.title, category: articles.category, body: articles.body };
  const from = match.join ? db.select(columns).from(articles).innerJoin(match.join.table, match.join.on) : db.select(columns).from(articles);
  return from
    .where(and(match.where, eq(articles.siteId, siteId), eq(articles.status, 'published'), also))
    .orderBy(match.rank, asc(articles.seq))
    .limit(limit);
}

/** The search visitors run (the widget, the help center), with an excerpt of each body; `also` narrows it (a language). */
export async function searchArticles(db: Db, siteId: string, q: string, limit: number, also?: SQL): Promise<ArticleSummary[]> {
  const words = searchWords(q);
  return (await matchingArticles(db, siteId, q, limit, also)).map(({ body, ...r }) => ({ ...r, snippet: excerpt(body, words) }));
}

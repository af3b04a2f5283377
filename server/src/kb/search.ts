import type { ArticleSummary } from '@parley/protocol';
import type { Db } from '../db/connection';
import { preparedFor } from '../db/prepared';

/** More terms add cost and little recall; a visitor's wall of text is cut here. */
const MAX_TERMS = 24;
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Visitor text → a safe FTS5 MATCH expression. Only letter/digit runs survive, each one is
 * double-quoted (so `AND`, `NEAR`, `*`, `-`, `:` and parentheses are plain words, never
 * syntax), and they are OR-ed so that one unknown word does not empty the result; BM25 ranks
 * entries matching more of them first. The last term also matches as a prefix, for
 * search-as-you-type. Returns null when nothing searchable is left.
 */
export function ftsQuery(text: string, { prefix = true } = {}): string | null {
  const words = [...new Set(text.normalize('NFKC').toLowerCase().match(WORD) ?? [])].slice(0, MAX_TERMS);
  if (words.length === 0) return null;
  // The word class has no `"`, so quoting needs no escaping.
  return words.map((w, i) => (prefix && i === words.length - 1 ? `"${w}"*` : `"${w}"`)).join(' OR ');
}

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
function excerpt(body: string, words: readonly string[]): string {
  const plain = body.replace(/[#*_`>[\]]/g, '').replace(/\s+/g, ' ').trim();
  const lower = plain.toLowerCase();
  const at = words.map((w) => lower.indexOf(w)).filter((i) => i >= 0).sort((a, b) => a - b)[0] ?? 0;
  const start = Math.max(0, at - SNIPPET / 4);
  const cut = plain.slice(start, start + SNIPPET);
  return `${start > 0 ? '…' : ''}${cut}${start + SNIPPET < plain.length ? '…' : ''}`;
}

// Search-as-you-type runs this per keystroke: prepared once per database.
const publishedMatches = preparedFor((db) =>
  db.$client.prepare(
    `select a.id, a.title, a.category, a.body
       from articles_fts
       join articles a on a.seq = articles_fts.rowid
      where articles_fts match ? and a.site_id = ? and a.status = 'published'
      order by bm25(articles_fts, 4.0, 2.0, 1.0, 1.0), a.seq
      limit ?`,
  ),
);

/**
 * BM25 search over the site's published articles: title matches weigh most, then phrasings,
 * then body. Drafts and other sites' articles are never returned.
 */
/** The site's published articles matching the text, best first, with their whole bodies. */
export function matchingArticles(db: Db, siteId: string, q: string, limit: number): SearchRow[] {
  const match = ftsQuery(q);
  return match === null ? [] : (publishedMatches(db).all(match, siteId, limit) as SearchRow[]);
}

export function searchArticles(db: Db, siteId: string, q: string, limit: number): ArticleSummary[] {
  const words = q.normalize('NFKC').toLowerCase().match(WORD) ?? [];
  return matchingArticles(db, siteId, q, limit).map(({ body, ...r }) => ({ ...r, snippet: excerpt(body, words) }));
}

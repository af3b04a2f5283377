import type { ArticleSummary } from '@parley/protocol';
import type { Db } from '../db/connection';

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
  snippet: string;
}

/**
 * BM25 search over the site's published articles: title matches weigh most, then phrasings,
 * then body. Drafts and other sites' articles are never returned.
 */
export function searchArticles(db: Db, siteId: string, q: string, limit: number): ArticleSummary[] {
  const match = ftsQuery(q);
  if (match === null) return [];
  const rows = db.$client
    .prepare(
      `select a.id, a.title, a.category,
              snippet(articles_fts, 2, '', '', '…', 24) as snippet
         from articles_fts
         join articles a on a.seq = articles_fts.rowid
        where articles_fts match ? and a.site_id = ? and a.status = 'published'
        order by bm25(articles_fts, 4.0, 2.0, 1.0, 1.0), a.seq
        limit ?`,
    )
    .all(match, siteId, limit) as SearchRow[];
  return rows.map((r) => ({ ...r, snippet: r.snippet.replace(/[#*_`>[\]]/g, '').replace(/\s+/g, ' ').trim() }));
}

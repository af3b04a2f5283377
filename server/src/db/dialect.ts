import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { Engine } from './store';
import { articles, messages } from './tables';

/*
 * The few pieces of SQL the two engines spell differently, so features never branch on the
 * engine: full-text search (FTS5 on SQLite, tsvector on PostgreSQL), reading a field of a
 * JSON column, and the larger of two values. Bound to the engine when the store opens, like
 * the tables (tables.ts).
 */
let engine: Engine = 'sqlite';

export function bindEngine(to: Engine): void {
  engine = to;
}

/** For the storage layer's own statements and core/limits.ts's choice of buckets; features never ask. */
export const isEngine = (which: Engine): boolean => engine === which;

/** The text of `key` in a JSON object column (null when absent). */
export function jsonText(column: AnyColumn, key: string): SQL<string | null> {
  return engine === 'sqlite' ? sql`json_extract(${column}, ${`$.${key}`})` : sql`(${column} ->> ${key})`;
}

/** The number at `key` in a JSON object column (null when absent). */
export function jsonNumber(column: AnyColumn, key: string): SQL<number | null> {
  return engine === 'sqlite' ? sql`json_extract(${column}, ${`$.${key}`})` : sql`(${column} ->> ${key})::bigint`;
}

/** The larger of two values of one type. */
export function greater(a: SQL | AnyColumn, b: SQL | AnyColumn): SQL {
  return engine === 'sqlite' ? sql`max(${a}, ${b})` : sql`greatest(${a}, ${b})`;
}

/**
 * The last id the events log gave out, even if that event was pruned since; null before any.
 * Ids are never reused: SQLite's AUTOINCREMENT keeps the high mark in sqlite_sequence, and
 * PostgreSQL's identity column draws from a sequence.
 */
export function lastEventIdGiven(): SQL<number | null> {
  return engine === 'sqlite'
    ? sql`(select seq from sqlite_sequence where name = 'events')`
    : sql`pg_sequence_last_value(pg_get_serial_sequence('events', 'id')::regclass)`;
}

/** More terms add cost and little recall; a visitor's wall of text is cut here. */
const MAX_TERMS = 24;
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * The words a search is made of: letter and digit runs only, so nothing a visitor types can
 * be query syntax on either engine (no quotes, operators, parentheses or colons survive).
 */
export function searchWords(text: string, max = MAX_TERMS): string[] {
  return [...new Set(text.normalize('NFKC').toLowerCase().match(WORD) ?? [])].slice(0, max);
}

// FTS5's external-content tables, for drizzle to name in a query; created by the SQLite
// migrations (0003, 0006), never by drizzle-kit, which only reads ./schema.
const articlesFts = sqliteTable('articles_fts', { rowid: integer(), title: text() });
const messagesFts = sqliteTable('messages_fts', { rowid: integer(), body: text() });

/**
 * Which articles match, best first: every word may match (OR), the last also as a prefix
 * (search-as-you-type), title matches weigh most, then phrasings, body, category. For the
 * query builder: a join (SQLite's FTS5 index) or nothing (PostgreSQL's column), a condition,
 * and the ranking. `words` (from searchWords) must not be empty: no words, no search.
 */
export function articleMatch(words: readonly string[], { prefixLast = true } = {}) {
  const last = words.length - 1;
  if (engine === 'sqlite') {
    const match = words.map((w, i) => (prefixLast && i === last ? `"${w}"*` : `"${w}"`)).join(' OR ');
    return {
      join: { table: articlesFts, on: sql`${articlesFts.rowid} = ${articles.seq}` },
      where: sql`${articlesFts} match ${match}`,
      rank: sql`bm25(${articlesFts}, 4.0, 2.0, 1.0, 1.0)`,
    };
  }
  const query = sql`to_tsquery('english', parley_fold(${words.map((w, i) => (prefixLast && i === last ? `'${w}':*` : `'${w}'`)).join(' | ')}))`;
  return { join: undefined, where: sql`"articles"."search" @@ ${query}`, rank: sql`ts_rank("articles"."search", ${query}) desc` };
}

/** Messages (by id) containing every word (at least one), each also as a prefix: the inbox's search. */
export function messageIdsMatching(words: readonly string[]): SQL {
  if (engine === 'sqlite') return sql`select rowid from ${messagesFts} where ${messagesFts} match ${words.map((w) => `"${w}"*`).join(' ')}`;
  return sql`select ${messages.id} from ${messages} where "messages"."search" @@ to_tsquery('simple', parley_fold(${words.map((w) => `'${w}':*`).join(' & ')}))`;
}

import { count, getTableName, gt, is, sql } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { getTableConfig, PgTable, type PgColumn } from 'drizzle-orm/pg-core';
import { getTableConfig as getSqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as pgSchema from './pg/schema';
import type { PgStore } from './pg-store';
import * as sqliteSchema from './schema';
import type { SqliteStore } from './sqlite-store';

/** The target already holds data: copying into it could mix two installs. */
export class TargetNotEmpty extends Error {}

export interface CopyReport {
  /** Rows copied per table, in the order the tables were copied. */
  tables: { name: string; rows: number }[];
}

type Key = keyof typeof sqliteSchema & keyof typeof pgSchema;

/** Rows read and written per statement: PostgreSQL takes at most 65,535 parameters in one. */
const MAX_PARAMS = 60_000;
const MAX_ROWS = 1000;

/**
 * Copies every table of a SQLite install into an empty PostgreSQL database, in one
 * transaction: ids, the events cursor and every identity's next value carry over, so links,
 * stream positions (Last-Event-ID) and audit entries stay valid. Rows go through the two
 * drizzle schemas, which share their column names (schema-drift.test.ts), so each value is
 * converted by its own column (epoch ms → timestamptz, 0/1 → boolean, JSON text → jsonb).
 * Tables are copied parents first (by their foreign keys). PostgreSQL's own triggers fill
 * some rows as others arrive (kb_revisions): the source's rows replace them.
 */
export async function copySqliteToPostgres(source: SqliteStore, target: PgStore): Promise<CopyReport> {
  const from = drizzle({ client: source.sqlite, casing: 'snake_case' });
  const keys = tableKeys();
  for (const key of keys) {
    const [row] = await target.pgDb.select({ n: count() }).from(pgSchema[key] as PgTable);
    if (row?.n) throw new TargetNotEmpty(`the target database is not empty (table ${getTableName(pgSchema[key] as PgTable)} has rows): copy into a new, empty database`);
  }
  const highWater = new Map(
    (source.sqlite.prepare('select name, seq from sqlite_sequence').all() as { name: string; seq: number }[]).map((r) => [r.name, r.seq]),
  );
  return target.pgDb.transaction(async (tx) => {
    const report: CopyReport = { tables: [] };
    for (const key of keys) {
      const src = sqliteSchema[key] as SQLiteTable;
      const dst = pgSchema[key] as PgTable;
      const name = getTableName(dst);
      const columns = getTableConfig(dst).columns;
      const perBatch = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / columns.length)));
      const upsert = conflictUpdate(dst);
      let rows = 0;
      // By rowid, which every SQLite table here has: a page costs the same however far in it is.
      for (let after = 0; ; ) {
        const page = from
          .select({ rowid: sql<number>`rowid`, row: src })
          .from(src)
          .where(gt(sql`rowid`, after))
          .orderBy(sql`rowid`)
          .limit(perBatch)
          .all();
        if (page.length === 0) break;
        const insert = tx.insert(dst).values(page.map((p) => p.row) as never);
        await (upsert ? insert.onConflictDoUpdate(upsert) : insert);
        rows += page.length;
        after = page.at(-1)!.rowid;
      }
      report.tables.push({ name, rows });
      for (const column of columns.filter((c) => c.generatedIdentity)) {
        // The next id continues after the highest ever given (sqlite_sequence keeps it even
        // once those rows are gone: the events cursor), never reusing one.
        const [top] = await tx.select({ max: sql<number | null>`max(${column})` }).from(dst);
        const next = Math.max(Number(top?.max ?? 0), highWater.get(name) ?? 0);
        const sequence = sql`pg_get_serial_sequence(${name}, ${toSnakeCase(column.name)})`;
        await tx.execute(next > 0 ? sql`select setval(${sequence}, ${next}, true)` : sql`select setval(${sequence}, 1, false)`);
      }
    }
    return report;
  });
}

/** Every table both schemas define, parents before the tables that reference them. */
function tableKeys(): Key[] {
  const all = (Object.keys(pgSchema) as Key[]).filter((k) => is(pgSchema[k], PgTable) && is(sqliteSchema[k], SQLiteTable));
  const byName = new Map(all.map((k) => [getTableName(pgSchema[k] as PgTable), k]));
  const sqliteNames = new Set((Object.values(sqliteSchema) as unknown[]).filter((t) => is(t, SQLiteTable)).map((t) => getSqliteTableConfig(t as SQLiteTable).name));
  const missing = [...sqliteNames].filter((n) => !byName.has(n));
  if (missing.length) throw new Error(`no PostgreSQL table for ${missing.join(', ')}`);
  const ordered: Key[] = [];
  const state = new Map<Key, 'visiting' | 'done'>();
  const visit = (k: Key) => {
    if (state.get(k) === 'done') return;
    if (state.get(k) === 'visiting') throw new Error(`foreign keys form a cycle through ${getTableName(pgSchema[k] as PgTable)}`);
    state.set(k, 'visiting');
    for (const fk of getTableConfig(pgSchema[k] as PgTable).foreignKeys) {
      const parent = byName.get(getTableName(fk.reference().foreignTable));
      if (parent && parent !== k) visit(parent);
    }
    state.set(k, 'done');
    ordered.push(k);
  };
  all.forEach(visit);
  return ordered;
}

/** For a table with a primary key: on a row already there, take the source's values. */
function conflictUpdate(table: PgTable) {
  const config = getTableConfig(table);
  const primary: PgColumn[] = config.primaryKeys[0]?.columns ?? config.columns.filter((c) => c.primary);
  if (primary.length === 0) return undefined;
  const others = config.columns.filter((c) => !primary.includes(c));
  if (others.length === 0) return undefined;
  const columnKey = (c: PgColumn) => Object.entries(table).find(([, v]) => v === c)![0];
  return { target: primary, set: Object.fromEntries(others.map((c) => [columnKey(c), sql`excluded.${sql.identifier(toSnakeCase(c.name))}`])) };
}

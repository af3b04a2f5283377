import { getTableName, is, Table } from 'drizzle-orm';
import { getTableConfig as pgConfig, type PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as pg from './pg/schema';
import * as sqlite from './schema';

/*
 * The two engines' schemas must describe the same database: drizzle-orm cannot share one table
 * definition across dialects, so this is what keeps the copies honest. Types are compared as
 * what the application reads (drizzle's dataType), since the SQL types differ by design.
 */

const tables = (schema: Record<string, unknown>) => Object.values(schema).filter((t): t is Table => is(t, Table));

/** What a column is to the application: bytes are a Buffer either way (SQLite blob, PostgreSQL bytea). */
const kind = (column: { dataType: string; getSQLType(): string }) => (column.dataType === 'custom' && column.getSQLType() === 'bytea' ? 'buffer' : column.dataType);

interface Shape {
  columns: Record<string, { kind: string; notNull: boolean; primary: boolean }>;
  primaryKey: string[];
  indexes: Record<string, { columns: string[]; unique: boolean }>;
  foreignKeys: string[];
}

function shape(config: ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>): Shape {
  return {
    columns: Object.fromEntries(config.columns.map((c) => [c.name, { kind: kind(c), notNull: c.notNull, primary: c.primary }])),
    primaryKey: config.primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name)),
    indexes: Object.fromEntries(
      config.indexes.map((i) => [i.config.name, { columns: i.config.columns.map((c) => ('name' in c ? c.name : String(c))), unique: i.config.unique }]),
    ),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const r = fk.reference();
        return `${r.columns.map((c) => c.name).join(',')} -> ${getTableName(r.foreignTable)}(${r.foreignColumns.map((c) => c.name).join(',')}) on delete ${fk.onDelete ?? 'no action'}`;
      })
      .sort(),
  };
}

const sqliteShapes = new Map(tables(sqlite).map((t) => [getTableName(t), shape(sqliteConfig(t as SQLiteTable))]));
const pgShapes = new Map(tables(pg).map((t) => [getTableName(t), shape(pgConfig(t as PgTable))]));

describe('the SQLite and PostgreSQL schemas', () => {
  it('have the same tables', () => {
    expect([...pgShapes.keys()].sort()).toEqual([...sqliteShapes.keys()].sort());
  });

  it.each([...sqliteShapes.keys()].sort())('agree on %s: columns, nullability, keys, indexes and foreign keys', (name) => {
    expect(pgShapes.get(name)).toEqual(sqliteShapes.get(name));
  });
});

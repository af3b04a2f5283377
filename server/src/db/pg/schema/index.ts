/*
 * The PostgreSQL schema: the same tables, columns, nullability and indexes as the SQLite one
 * (../../schema), in PostgreSQL's types (timestamptz, jsonb, boolean, bigint identities, bytea).
 * A test fails when the two drift. drizzle-kit generates server/drizzle-pg from it; full-text
 * search and the triggers live in hand-written migrations there, as FTS5 does for SQLite.
 */
export * from './bot';
export * from './core';
export * from './help';
export * from './inbox';
export * from './integrations';
export * from './kb';
export * from './privacy';
export * from './widget';
export * from './whatsapp';

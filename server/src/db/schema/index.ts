/*
 * Table definitions only, one file per feature; drizzle-kit reads this folder to generate
 * the SQL migrations in server/drizzle (committed, applied on start).
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

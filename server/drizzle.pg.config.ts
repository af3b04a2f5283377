import { defineConfig } from 'drizzle-kit';

/** The PostgreSQL schema's migrations (drizzle.config.ts is SQLite's): `pnpm db:generate`. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/pg/schema',
  out: './drizzle-pg',
  casing: 'snake_case',
});

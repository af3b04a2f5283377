import { existsSync } from 'node:fs';
import { copySqliteToPostgres, TargetNotEmpty } from '../db/copy';
import { migrationCount, storeLabel } from '../db/open-store';
import { PgStore } from '../db/pg-store';
import { SqliteStore } from '../db/sqlite-store';
import { usageError, type CliCommand } from './command';

export const dbMigrateCommand: CliCommand = {
  group: 'db',
  name: 'migrate',
  usage: '',
  summary: 'Apply the committed migrations to the configured database (DATABASE_URL, else PARLEY_DB), as every start does: run it before rolling out a new version.',
  options: {},
  // The CLI has opened (and so migrated) the configured database before this runs.
  run({ config }) {
    console.log(`${storeLabel(config)} is at the latest schema (${migrationCount(config)} migrations).`);
    return 0;
  },
};

export const dbCopyCommand: CliCommand = {
  group: 'db',
  name: 'copy',
  usage: '--from ./data/parley.db --to postgres://user:pass@host/db',
  summary: 'Copy a SQLite install into an empty PostgreSQL database (ids and stream positions kept). Stop the server first.',
  options: { from: { type: 'string' }, to: { type: 'string' } },
  standalone: true,
  async run({ config, values }) {
    const from = typeof values.from === 'string' ? values.from : undefined;
    const to = typeof values.to === 'string' ? values.to : undefined;
    if (!from || !existsSync(from)) return usageError(`--from: ${from ? `${from} does not exist` : 'the SQLite file to copy is required'}`);
    if (!to || !/^postgres(ql)?:\/\//.test(to)) return usageError('--to: a postgres:// URL of an empty database is required');
    const source = new SqliteStore(from);
    const target = new PgStore({ url: to, poolSize: 2, statementTimeoutMs: 0 });
    try {
      // Both at the current schema: the source as this version would run it, the target new.
      await source.migrate();
      await target.migrate();
      const report = await copySqliteToPostgres(source, target);
      for (const t of report.tables) console.log(`${t.name.padEnd(22)} ${t.rows}`);
      console.log(`Copied ${from} into ${storeLabel({ DATABASE_URL: to, PARLEY_DB: config.PARLEY_DB })}. Start Parley with DATABASE_URL set to it.`);
      return 0;
    } catch (err) {
      if (err instanceof TargetNotEmpty) {
        console.error(`Refused: ${err.message}`);
        return 1;
      }
      throw err;
    } finally {
      await target.close();
      await source.close();
    }
  },
};

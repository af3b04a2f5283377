import { PgStore } from '../../src/db/pg-store';
import { SqliteStore } from '../../src/db/sqlite-store';
import type { Store } from '../../src/db/store';

/**
 * Makes writes to `table` whose new row has `match` (one column, snake_case, and its value)
 * fail inside their transaction while `act` runs, as a full disk or a crash would: a trigger
 * that raises, on either engine.
 */
export async function failingWrites(
  store: Store,
  table: 'messages' | 'conversations',
  match: { column: string; value: string | boolean },
  act: () => Promise<void>,
): Promise<void> {
  const op = table === 'messages' ? 'insert' : 'update';
  if (store instanceof SqliteStore) {
    const value = typeof match.value === 'boolean' ? Number(match.value) : `'${match.value}'`;
    store.sqlite.exec(
      `create temp trigger fail_write before ${op} on ${table} when new.${match.column} = ${value} begin select raise(abort, 'injected failure'); end`,
    );
    try {
      await act();
    } finally {
      store.sqlite.exec('drop trigger fail_write');
    }
    return;
  }
  if (!(store instanceof PgStore)) throw new Error('unknown store');
  const value = typeof match.value === 'boolean' ? String(match.value) : `'${match.value}'`;
  await store.pool.query(
    `create or replace function parley_fail_write() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`,
  );
  await store.pool.query(
    `create trigger fail_write before ${op} on ${table} for each row when (new.${match.column} = ${value}) execute function parley_fail_write()`,
  );
  try {
    await act();
  } finally {
    await store.pool.query(`drop trigger fail_write on ${table}`);
  }
}

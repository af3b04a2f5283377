import { eq, sql } from 'drizzle-orm';
import type { SiteRow, VisitorRow } from './rows';
import type { Db } from './store';
import { isEngine } from './dialect';
import { preparedFor } from './prepared';
import { takeTokenSql } from './rate-buckets';
import { sites, visitors } from './tables';

/*
 * A visitor (and site) by token hash: every widget request starts with it. On PostgreSQL it
 * is a round trip, the largest cost per message there (docs/benchmarks.md), so it takes the
 * route's rate-limit token in the same statement, and the lookups asked for in one turn of
 * the event loop share one statement (at full load a turn brings 2.5 on average).
 */

/** A rate limit whose buckets are rows of `rate_buckets` (core/limits.ts). */
export interface SharedBucket {
  name: string;
  perMinute: number;
  burst: number;
}

export interface FoundVisitor {
  visitor: VisitorRow;
  site: SiteRow;
  /** Whether a token was taken from the bucket, when one was asked for. */
  taken?: boolean;
}

const ph = sql.placeholder;

const byTokenHash = preparedFor('visitorByTokenHash', (db) =>
  db
    .select({ visitor: visitors, site: sites })
    .from(visitors)
    .innerJoin(sites, eq(sites.id, visitors.siteId))
    .where(eq(visitors.tokenHash, ph('hash'))),
);

/*
 * The hashes reach the statement as a scalar subquery, whose length the planner cannot see:
 * it then expects as many whatever their number and keeps one plan, the index's, where it
 * would plan anew for every number (message-write.ts says why that matters). Without a
 * bucket the insert has no row to take a token for.
 */
const byTokenHashes = preparedFor('visitorsByTokenHashes', (db) => {
  const asked = sql`${visitors.tokenHash} = any((select ${ph('hashes')}::text[])::text[])`;
  const taken = db.$with('taken', { key: sql<string>`key`, remaining: sql<number>`remaining` }).as(
    takeTokenSql(
      sql`${ph('bucket')}::text || ${visitors.id}`,
      sql`${ph('perMinute')}`,
      sql`${ph('burst')}`,
      sql`from ${visitors} where ${asked} and ${ph('bucket')}::text is not null`,
    ),
  );
  return db
    .with(taken)
    .select({ visitor: visitors, site: sites, remaining: sql<number | null>`taken.remaining` })
    .from(visitors)
    .innerJoin(sites, eq(sites.id, visitors.siteId))
    .leftJoin(taken, sql`taken.key = ${ph('bucket')}::text || ${visitors.id}`)
    .where(asked);
});

interface Asked {
  hash: string;
  done: (found: FoundVisitor | undefined) => void;
  failed: (err: unknown) => void;
}

/** Per database, the lookups of this turn of the event loop, by the bucket they take from. */
const turns = new WeakMap<Db, Map<SharedBucket | undefined, Asked[]>>();

/**
 * The visitor whose token hashes to `hash`, with a token taken from `bucket` (PostgreSQL's
 * shared limits; SQLite's are in memory, taken by the route's rateLimit).
 */
export async function visitorByTokenHash(db: Db, hash: string, bucket?: SharedBucket): Promise<FoundVisitor | undefined> {
  if (!isEngine('postgres')) return (await byTokenHash(db).execute({ hash }))[0];
  let turn = turns.get(db);
  if (!turn) {
    const asked = new Map<SharedBucket | undefined, Asked[]>();
    turns.set(db, (turn = asked));
    setImmediate(() => {
      turns.delete(db);
      for (const [shared, lookups] of asked) void lookUp(db, shared, lookups);
    });
  }
  let asked = turn.get(bucket);
  if (!asked) turn.set(bucket, (asked = []));
  return new Promise((done, failed) => asked.push({ hash, done, failed }));
}

/** One statement for `asked`; a hash asked for again (one visitor's two requests) takes its own token, in the next statement. */
async function lookUp(db: Db, bucket: SharedBucket | undefined, asked: readonly Asked[]): Promise<void> {
  const first = new Map<string, Asked>();
  const again: Asked[] = [];
  for (const a of asked) {
    if (first.has(a.hash)) again.push(a);
    else first.set(a.hash, a);
  }
  try {
    const rows = await byTokenHashes(db).execute({
      hashes: [...first.keys()],
      bucket: bucket ? `${bucket.name}:` : null,
      perMinute: bucket?.perMinute ?? 0,
      burst: bucket?.burst ?? 0,
    });
    const found = new Map(rows.map(({ remaining, ...row }) => [row.visitor.tokenHash, bucket ? { ...row, taken: remaining !== null } : row]));
    for (const [hash, a] of first) a.done(found.get(hash));
  } catch (err) {
    for (const a of first.values()) a.failed(err);
  }
  if (again.length > 0) await lookUp(db, bucket, again);
}

import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/store';
import { preparedFor } from '../db/prepared';
import { articles, kbRevisions } from '../db/tables';
import { publishedArticles } from '../kb/articles';
import type { ArticleRow } from '../db/rows';
import type { Candidate } from './retrieval';
import { RetrieverThread } from './retriever-thread/client';

/** A published article as the bot uses it, with the retriever's verdict. */
export interface RankedArticle extends Candidate {
  article: ArticleRow;
}

// Read on every bot message to see whether the site's retriever is still current.
const revisionOf = preparedFor('revisionOf', (db) =>
  db
    .select({ r: kbRevisions.revision })
    .from(kbRevisions)
    .where(eq(kbRevisions.siteId, sql.placeholder('siteId'))),
);
// The ranked ids' rows as they are now: while a newer build runs, lookups use the previous
// ranking, but never serve an article since unpublished, or an old version of one. One
// primary-key lookup per candidate (at most four): an IN list made the planner scan the site.
const publishedById = preparedFor('publishedById', (db) =>
  db
    .select()
    .from(articles)
    .where(and(eq(articles.id, sql.placeholder('id')), eq(articles.siteId, sql.placeholder('siteId')), eq(articles.status, 'published'))),
);

interface SentIndex {
  revision: number;
  built: Promise<unknown>;
  /** The build has finished (or failed): a newer revision may be sent. */
  settled: boolean;
}

/**
 * The bot's view of each site's knowledge base: a retriever trained on the published
 * articles, rebuilt when the site's KB revision moves (triggers bump it on every article
 * change, from this process or the CLI). Training and lookups run on the retriever thread
 * (retriever-thread/), so a KB of 10,000 articles trains for seconds without stalling the
 * server; this side reads the rows of the articles it ranks.
 */
export class KbRetrievers {
  /** Per site, the revision the thread was last told to build, that revision's rows, and the build. */
  readonly #sent = new Map<string, SentIndex>();
  readonly #thread = new RetrieverThread(() => this.#sent.clear());

  constructor(private readonly db: Db) {}

  async #revision(siteId: string): Promise<number> {
    return (await revisionOf(this.db).execute({ siteId }))[0]?.r ?? 0;
  }

  /**
   * Makes sure the thread has (or is about to have) the site's current retriever; returns the
   * revision to ask for. The thread takes messages in order, so a lookup sent after the build
   * always sees it. While a build is running, lookups use it even if the KB moved again: an
   * owner saving ten edits in a row queues two builds, not ten (each is seconds at 10k
   * articles, and every site's lookups wait behind them).
   */
  async #current(siteId: string): Promise<SentIndex> {
    const revision = await this.#revision(siteId);
    const sent = this.#sent.get(siteId);
    if (sent && (sent.revision === revision || !sent.settled)) return sent;
    const rows = await publishedArticles(this.db, siteId);
    // Another lookup may have sent a build while these rows were read: one build, not one per caller.
    const meanwhile = this.#sent.get(siteId);
    if (meanwhile && meanwhile !== sent && (meanwhile.revision >= revision || !meanwhile.settled)) return meanwhile;
    const entries = rows.map((a) => ({ id: a.id, title: a.title, phrasings: a.phrasings, body: a.body, locale: a.locale ?? undefined }));
    const current: SentIndex = {
      revision,
      built: this.#thread.call({ kind: 'build', siteId, revision, entries }),
      settled: false,
    };
    current.built.then(
      () => {
        current.settled = true;
      },
      () => {
        // A failed build shows up as a failed lookup; forget it so the next message tries again.
        current.settled = true;
        if (this.#sent.get(siteId) === current) this.#sent.delete(siteId);
      },
    );
    this.#sent.set(siteId, current);
    return current;
  }

  /** Trains the site's retriever now if the KB changed, and waits until it is current. */
  async warm(siteId: string): Promise<void> {
    for (;;) {
      const index = await this.#current(siteId);
      await index.built;
      if (index.revision === (await this.#revision(siteId))) return;
    }
  }

  /**
   * The site's published articles best first for the text, each with a calibrated confidence.
   * If retrieval fails it says so in the log and returns none: the bot then offers a person.
   */
  async search(siteId: string, text: string, limit: number): Promise<RankedArticle[]> {
    const { revision } = await this.#current(siteId);
    let candidates: Candidate[];
    try {
      candidates = await this.#thread.call({ kind: 'search', siteId, revision, text, limit });
    } catch (err) {
      console.error('[parley] FAQ lookup failed for site', siteId, err);
      return [];
    }
    const found = await Promise.all(candidates.map(async (c) => ({ ...c, article: (await publishedById(this.db).execute({ id: c.id, siteId }))[0] })));
    return found.flatMap((c) => (c.article ? [{ ...c, article: c.article }] : []));
  }

  /** Stops the retriever thread (server shutdown, end of an eval or bench). */
  close(): Promise<void> {
    return this.#thread.close();
  }
}

import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/connection';
import { preparedFor } from '../db/prepared';
import { kbRevisions } from '../db/schema';
import { publishedArticles, type ArticleRow } from '../kb/articles';
import { buildRetriever, type Candidate, type Retriever } from './retrieval';

/** A published article as the bot uses it, with the retriever's verdict. */
export interface RankedArticle extends Candidate {
  article: ArticleRow;
}

interface SiteIndex {
  revision: number;
  retriever: Retriever;
  articles: Map<string, ArticleRow>;
}

/**
 * The bot's view of each site's knowledge base: a retriever trained on the published
 * articles, cached per site and rebuilt when the site's KB revision moves (triggers bump it
 * on every article change, from this process or the CLI). Building is synchronous CPU work
 * (~0.3–0.7 s for 100–150 articles, seconds at 10k): it happens on the first lookup after a
 * change (the eval and the bench call `warm` to time the build apart from lookups).
 */
// Read on every bot message to see whether the cached retriever is still current.
const revisionOf = preparedFor((db) =>
  db.select({ r: kbRevisions.revision }).from(kbRevisions).where(eq(kbRevisions.siteId, sql.placeholder('siteId'))).prepare(),
);

export class KbRetrievers {
  readonly #cache = new Map<string, SiteIndex>();
  constructor(private readonly db: Db) {}

  #revision(siteId: string): number {
    return revisionOf(this.db).get({ siteId })?.r ?? 0;
  }

  #index(siteId: string): SiteIndex {
    const revision = this.#revision(siteId);
    const cached = this.#cache.get(siteId);
    if (cached?.revision === revision) return cached;
    const rows = publishedArticles(this.db, siteId);
    const index: SiteIndex = {
      revision,
      retriever: buildRetriever(rows.map((a) => ({ id: a.id, title: a.title, phrasings: a.phrasings, body: a.body, locale: a.locale ?? undefined }))),
      articles: new Map(rows.map((a) => [a.id, a])),
    };
    this.#cache.set(siteId, index);
    return index;
  }

  /** Builds the site's retriever now if the KB changed. */
  warm(siteId: string): void {
    this.#index(siteId);
  }

  /** The site's published articles best first for the text, each with a calibrated confidence. */
  search(siteId: string, text: string, limit: number): RankedArticle[] {
    const { retriever, articles } = this.#index(siteId);
    return retriever.search(text, { limit }).flatMap((c) => {
      const article = articles.get(c.id);
      return article ? [{ ...c, article }] : [];
    });
  }
}

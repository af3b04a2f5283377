import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newToken } from '../src/auth/tokens';
import { newId } from '../src/db/ids';
import { KbRetrievers } from '../src/bot/kb-retriever';
import { RetrieverThread } from '../src/bot/retriever-thread/client';
import { syntheticFaq } from './helpers/synthetic-faq';
import type { Db, Store } from '../src/db/store';
import { accounts, sites } from '../src/db/tables';
import { deleteArticle, importArticles } from '../src/kb/articles';
import { testDatabase, type TestDatabase } from './helpers/test-db';

const article = (id: string, title: string, phrasings: string[]) => ({
  id,
  title,
  phrasings,
  body: `About ${title}.`,
  category: null,
  locale: null,
  status: 'published' as const,
});

describe('KbRetrievers (retriever thread)', () => {
  let testDb: TestDatabase;
  let store: Store;
  let db: Db;
  let siteId: string;
  let kb: KbRetrievers;

  beforeEach(async () => {
    testDb = await testDatabase();
    store = await testDb.open();
    db = store.db;
    const accountId = newId('acc');
    siteId = newId('site');
    await db.insert(accounts).values({ id: accountId, name: 't' });
    await db.insert(sites).values({ id: siteId, accountId, name: 't', publicKey: newId('pk'), secret: newToken('sk'), allowedOrigins: [] });
    await importArticles(db, siteId, [
      article('refunds', 'Refunds', ['how do I get my money back', 'refund my order']),
      article('shipping', 'Shipping times', ['when will my parcel arrive', 'how long is delivery']),
    ]);
    kb = new KbRetrievers(db);
  });

  afterEach(async () => {
    await kb.close();
    await store.close();
    await testDb.drop();
  });

  it('ranks the published articles and follows KB changes', async () => {
    const first = await kb.search(siteId, 'I want a refund for my order', 2);
    expect(first[0]?.article.slug).toBe('refunds');
    expect(first[0]?.confidence).toBeGreaterThan(0);

    await importArticles(db, siteId, [article('returns', 'Returning an item', ['how do I return an item', 'send a product back'])]);
    expect((await kb.search(siteId, 'how do I return an item I bought', 1))[0]?.article.slug).toBe('returns');

    const refunds = (await kb.search(siteId, 'refund my order', 1))[0];
    await deleteArticle(db, siteId, refunds!.article.id);
    expect((await kb.search(siteId, 'refund my order', 3)).map((r) => r.article.slug)).not.toContain('refunds');
  });

  it('keeps the server responsive while a big KB trains', async () => {
    await importArticles(
      db,
      siteId,
      syntheticFaq(1500).map((e) => article(e.id, e.title, [...e.phrasings])),
    );
    // Timers only fire while the main thread is free: training on it would starve this one.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      await kb.warm(siteId);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
    expect(await kb.search(siteId, 'when will my parcel arrive', 1)).toHaveLength(1);
  });

  it('queues one more build, not one per edit, while a big KB trains', async () => {
    const calls = vi.spyOn(RetrieverThread.prototype, 'call');
    try {
      await importArticles(
        db,
        siteId,
        syntheticFaq(1500).map((e) => article(e.id, e.title, [...e.phrasings])),
      );
      const lookups = [kb.search(siteId, 'refund my order', 1)];
      for (let i = 0; i < 5; i++) {
        await importArticles(db, siteId, [article('shipping', 'Shipping times', ['when will my parcel arrive', `how long is delivery ${i}`])]);
        lookups.push(kb.search(siteId, 'refund my order', 1));
      }
      for (const found of await Promise.all(lookups)) expect(found[0]?.article.slug).toBe('refunds');
      await kb.warm(siteId);
      const builds = calls.mock.calls.filter(([req]) => req.kind === 'build');
      expect(builds).toHaveLength(2);
      expect((await kb.search(siteId, 'how long is delivery 4', 1))[0]?.article.slug).toBe('shipping');
    } finally {
      calls.mockRestore();
    }
  });

  it('never serves an article unpublished while a newer build runs', async () => {
    await importArticles(
      db,
      siteId,
      syntheticFaq(1500).map((e) => article(e.id, e.title, [...e.phrasings])),
    );
    const first = kb.search(siteId, 'refund my order', 1);
    await importArticles(db, siteId, [{ ...article('refunds', 'Refunds', ['how do I get my money back', 'refund my order']), status: 'draft' as const }]);
    const during = kb.search(siteId, 'refund my order', 3);
    expect((await first).map((r) => r.article.slug)).not.toContain('refunds');
    expect((await during).map((r) => r.article.slug)).not.toContain('refunds');
  });

  it('answers nothing when the thread dies mid-lookup, then starts a new one', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const asked = vi.spyOn(RetrieverThread.prototype, 'call');
      const lost = kb.search(siteId, 'refund my order', 1);
      // Once the lookup is on the thread, the thread dies.
      await vi.waitFor(() => expect(asked.mock.calls.some(([req]) => req.kind === 'search')).toBe(true));
      asked.mockRestore();
      await kb.close();
      expect(await lost).toEqual([]);
      expect(error).toHaveBeenCalledWith(expect.stringContaining('FAQ lookup failed'), siteId, expect.any(Error));
    } finally {
      error.mockRestore();
    }
    expect((await kb.search(siteId, 'refund my order', 1))[0]?.article.slug).toBe('refunds');
  });
});

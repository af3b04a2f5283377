import { asc, eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { articleMatch, greater, jsonNumber, jsonText, lastEventIdGiven, messageIdsMatching, searchWords } from './dialect';
import { preparedFor } from './prepared';
import { runHotPathContract } from './hot-path.contract';
import type { Engine, Store } from './store';
import { accounts, articles, conversations, events, messages, sites, visitors } from './tables';

/*
 * What every storage engine must do for the features, which are written once (store.ts): the
 * same rows back with the same JavaScript types, all-or-nothing transactions that never lose
 * an update under concurrency, the committed migrations applied once however many processes
 * start, full-text search that ranks and matches prefixes and takes no syntax from a visitor,
 * and the few dialect helpers. Each engine's test is one call of this.
 */

/** An empty database of one engine, for one test. */
export interface EmptyDatabase {
  /** Opens and migrates it; may be called again, and by several at once. */
  open(): Promise<Store>;
  drop(): Promise<void>;
}

export function runStoreContract(engine: Engine, emptyDatabase: () => Promise<EmptyDatabase>): void {
  describe(`Store contract: ${engine}`, () => {
    let database: EmptyDatabase;
    let store: Store;
    beforeEach(async () => {
      database = await emptyDatabase();
      store = await database.open();
      await store.db.insert(accounts).values({ id: 'acc', name: 'Acme' });
      await store.db
        .insert(sites)
        .values({ id: 'site', accountId: 'acc', name: 'Shop', publicKey: 'pk_contract', secret: 's', allowedOrigins: ['https://shop.example'] });
      await store.db.insert(visitors).values({ id: 'v', siteId: 'site', tokenHash: 'h' });
      await store.db.insert(conversations).values({ id: 'c', siteId: 'site', visitorId: 'v', clientId: 'one' });
    });
    afterEach(async () => {
      await store.close();
      await database.drop();
    });

    it('applies the migrations once, however many processes start together on an empty database', async () => {
      const empty = await emptyDatabase();
      try {
        const together = await Promise.all([empty.open(), empty.open(), empty.open()]);
        expect(await together[0]!.db.$count(sites)).toBe(0);
        await Promise.all(together.map((s) => s.close()));
        const later = await empty.open();
        await later.close();
      } finally {
        await empty.drop();
      }
    });

    it('gives back what it was given, with the same JavaScript types', async () => {
      const seen = new Date('2026-12-03T10:11:12.345Z');
      const attributes = { plan: 'pro', seats: 12, trial: false, note: 'a "quoted" ünïcode ✓', none: null };
      await store.db.update(visitors).set({ lastSeenAt: seen, attributes, name: null }).where(eq(visitors.id, 'v'));
      await store.db.update(conversations).set({ emailFollowUp: true, sentiment: -2 }).where(eq(conversations.id, 'c'));

      const visitor = (await store.db.select().from(visitors).where(eq(visitors.id, 'v')))[0]!;
      expect(visitor.lastSeenAt).toEqual(seen);
      expect(visitor.createdAt).toBeInstanceOf(Date);
      expect(Math.abs(visitor.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
      expect(visitor.attributes).toEqual(attributes);
      expect(visitor.name).toBeNull();
      const conversation = (await store.db.select().from(conversations).where(eq(conversations.id, 'c')))[0]!;
      expect(conversation).toMatchObject({ emailFollowUp: true, sentiment: -2, status: 'bot', firstResponseAt: null });
      expect((await store.db.select().from(sites))[0]!.allowedOrigins).toEqual(['https://shop.example']);
    });

    it('numbers rows from 1 up, as numbers, and keeps unique keys (but never between NULLs)', async () => {
      const first = await store.db.insert(messages).values({ conversationId: 'c', authorType: 'visitor', body: 'hi', clientId: 'm1' }).returning();
      expect(first[0]!.id).toBe(1);
      const dupe = await store.db
        .insert(messages)
        .values({ conversationId: 'c', authorType: 'visitor', body: 'hi again', clientId: 'm1' })
        .onConflictDoNothing()
        .returning();
      expect(dupe).toEqual([]);
      await store.db.insert(messages).values([
        { conversationId: 'c', authorType: 'bot', body: 'one' },
        { conversationId: 'c', authorType: 'bot', body: 'two' },
      ]);
      const rows = await store.db.select({ id: messages.id, body: messages.body }).from(messages).orderBy(asc(messages.id));
      expect(rows.map((r) => r.body)).toEqual(['hi', 'one', 'two']);
      expect(typeof rows[2]!.id).toBe('number');
      expect(await store.db.$count(messages)).toBe(3);
      await expect(store.db.insert(messages).values({ conversationId: 'nowhere', authorType: 'bot', body: 'orphan' })).rejects.toThrow();
    });

    it('commits a transaction whole or not at all, and nobody outside sees it before', async () => {
      let inside!: () => void;
      const reached = new Promise<void>((resolve) => (inside = resolve));
      let go!: () => void;
      const gate = new Promise<void>((resolve) => (go = resolve));
      const failing = store.db.transaction(async (tx) => {
        await tx.insert(messages).values({ conversationId: 'c', authorType: 'visitor', body: 'never' });
        inside();
        await gate;
        throw new Error('changed my mind');
      });
      await reached;
      const during = store.db.$count(messages);
      go();
      await expect(failing).rejects.toThrow('changed my mind');
      expect(await during).toBe(0);
      expect(await store.db.$count(messages)).toBe(0);

      const id = await store.db.transaction(async (tx) => {
        const [row] = await tx.insert(messages).values({ conversationId: 'c', authorType: 'visitor', body: 'kept' }).returning({ id: messages.id });
        await tx.update(conversations).set({ lastMessageId: row!.id }).where(eq(conversations.id, 'c'));
        return row!.id;
      });
      expect((await store.db.select({ last: conversations.lastMessageId }).from(conversations))[0]!.last).toBe(id);
    });

    it('loses no update when many transactions read and write the same row at once', async () => {
      await store.db.insert(articles).values({ id: 'a', siteId: 'site', slug: 'a', title: 'Counter' });
      const bump = () =>
        store.db.transaction(async (tx) => {
          const [row] = await tx.select({ views: articles.views }).from(articles).where(eq(articles.id, 'a'));
          await tx
            .update(articles)
            .set({ views: row!.views + 1 })
            .where(eq(articles.id, 'a'));
        });
      await Promise.all(Array.from({ length: 20 }, bump));
      expect((await store.db.select({ views: articles.views }).from(articles))[0]!.views).toBe(20);
    });

    it('runs a prepared statement again and again, inside transactions and out', async () => {
      const byId = preparedFor(`contract_${engine}`, (db) =>
        db
          .select({ body: messages.body })
          .from(messages)
          .where(eq(messages.id, sql.placeholder('id'))),
      );
      await store.db.insert(messages).values([
        { conversationId: 'c', authorType: 'visitor', body: 'first' },
        { conversationId: 'c', authorType: 'visitor', body: 'second' },
      ]);
      expect(await byId(store.db).execute({ id: 1 })).toEqual([{ body: 'first' }]);
      expect(await byId(store.db).execute({ id: 2 })).toEqual([{ body: 'second' }]);
      expect(await store.db.transaction((tx) => byId(tx).execute({ id: 2 }))).toEqual([{ body: 'second' }]);
      expect(await byId(store.db).execute({ id: 3 })).toEqual([]);
    });

    describe('the hot paths', () => runHotPathContract(() => store));

    describe('full-text search', () => {
      const article = (id: string, title: string, body: string, phrasings: string[] = []) => ({ id, siteId: 'site', slug: id, title, body, phrasings });
      const search = async (text: string) => {
        const words = searchWords(text);
        // As the features do: no words, no search (the helpers take at least one).
        if (words.length === 0) return [];
        const match = articleMatch(words);
        const base = store.db.select({ id: articles.id }).from(articles);
        const joined = match.join ? base.innerJoin(match.join.table, match.join.on) : base;
        return (await joined.where(match.where).orderBy(match.rank)).map((r) => r.id);
      };

      beforeEach(async () => {
        await store.db
          .insert(articles)
          .values([
            article('shipping', 'Shipping times', 'Orders leave the warehouse in two days. Refunds are covered elsewhere.'),
            article('refunds', 'Refund policy', 'Money back within 30 days.', ['can I get my money back']),
            article('cafe', 'Café opening hours', 'The café opens at eight.'),
          ]);
      });

      it('ranks a title match above a body match, stems, and matches the last word as a prefix', async () => {
        expect(await search('refund')).toEqual(['refunds', 'shipping']);
        expect(await search('refunds')).toEqual(['refunds', 'shipping']);
        expect(await search('ship')).toEqual(['shipping']);
        expect(await search('get my mon')).toContain('refunds');
        expect(await search('cafe')).toEqual(['cafe']);
        expect(await search('nothing here matches')).toEqual([]);
      });

      it('follows edits and deletions', async () => {
        await store.db.update(articles).set({ title: 'Delivery times' }).where(eq(articles.id, 'shipping'));
        expect(await search('delivery')).toEqual(['shipping']);
        await store.db.delete(articles).where(eq(articles.id, 'refunds'));
        expect(await search('refund')).toEqual(['shipping']);
      });

      it('takes no query syntax from what a visitor types', async () => {
        for (const hostile of [
          `"refund`,
          `refund*`,
          `refund OR ship`,
          `NEAR(refund ship)`,
          `title:refund`,
          `refund & !ship | (`,
          `'; drop table articles; --`,
          `\\ ' " : *`,
        ]) {
          await expect(search(hostile), hostile).resolves.toBeInstanceOf(Array);
        }
        expect((await search(`refund" OR "ship`)).sort()).toEqual(['refunds', 'shipping']);
        expect(await store.db.$count(articles)).toBe(3);
      });

      it("finds the inbox's messages holding every word, each as a prefix", async () => {
        await store.db.insert(messages).values([
          { conversationId: 'c', authorType: 'visitor', body: 'Where is my parcel?' },
          { conversationId: 'c', authorType: 'agent', body: 'Your parcel left today' },
          { conversationId: 'c', authorType: 'visitor', body: 'Déjà vu, the parcel again' },
        ]);
        const found = async (text: string) =>
          (
            await store.db
              .select({ id: messages.id })
              .from(messages)
              .where(sql`${messages.id} in (${messageIdsMatching(searchWords(text))})`)
              .orderBy(asc(messages.id))
          ).map((r) => r.id);
        expect(await found('parc')).toEqual([1, 2, 3]);
        expect(await found('parcel le')).toEqual([2]);
        expect(await found('deja')).toEqual([3]);
        expect(await found('parcel zebra')).toEqual([]);
      });
    });

    it('reads JSON fields, the larger of two values, and the last event id even after pruning', async () => {
      await store.db
        .update(visitors)
        .set({ attributes: { plan: 'pro', seats: 12 } })
        .where(eq(visitors.id, 'v'));
      const [row] = await store.db
        .select({
          plan: jsonText(visitors.attributes, 'plan'),
          seats: jsonNumber(visitors.attributes, 'seats'),
          missing: jsonText(visitors.attributes, 'nope'),
        })
        .from(visitors);
      expect(row).toEqual({ plan: 'pro', seats: 12, missing: null });
      const [bigger] = await store.db.select({ value: greater(sql`${3}`, sql`${7}`).mapWith(Number) }).from(visitors);
      expect(bigger!.value).toBe(7);

      expect((await store.db.select({ last: lastEventIdGiven() }).from(sites))[0]!.last).toBeNull();
      await store.db.insert(events).values([1, 2, 3].map((n) => ({ siteId: 'site', type: 'test', payload: { n } })));
      await store.db.delete(events).where(eq(events.siteId, 'site'));
      expect((await store.db.select({ last: lastEventIdGiven() }).from(sites))[0]!.last).toBe(3);
      const [next] = await store.db.insert(events).values({ siteId: 'site', type: 'test', payload: {} }).returning({ id: events.id });
      expect(next!.id).toBe(4);
    });

    it('finishes a transaction under way before it closes', async () => {
      const writing = store.db.transaction(async (tx) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        await tx.insert(messages).values({ conversationId: 'c', authorType: 'visitor', body: 'last words' });
      });
      await new Promise((resolve) => setImmediate(resolve));
      await store.close();
      await writing;
      store = await database.open();
      expect(await store.db.$count(messages)).toBe(1);
    });
  });
}

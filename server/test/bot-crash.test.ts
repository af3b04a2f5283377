import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { messages, sites } from '../src/db/tables';
import { DEMO_SITE_KEY } from '../src/demo/seed';
import { importArticles } from '../src/kb/articles';
import { startFakeAnthropic } from './helpers/fake-anthropic';
import { eventually } from './helpers/handoff';
import { sleep } from './helpers/random';
import { spawnServer, type SpawnedServer } from './helpers/spawn-server';
import { testDatabase, type TestDatabase } from './helpers/test-db';
import { VisitorClient } from './helpers/visitor-client';

describe('the bot across a server crash', () => {
  let testDb: TestDatabase;
  let current: SpawnedServer | null = null;
  afterAll(async () => {
    current?.child.kill('SIGKILL');
    await current?.exited;
    await testDb?.drop();
  });

  it('answers a message whose reply was in flight when the server was killed with SIGKILL', async () => {
    const fake = await startFakeAnthropic();
    testDb = await testDatabase();
    const env = { PORT: '0', ...testDb.env, PARLEY_ADMIN_PASSWORD: 'test-password-123', PARLEY_BOT: 'on' };
    try {
      // Claude is mid-answer (the fake never finishes) when the process dies.
      fake.script({ kind: 'stall', text: 'Refunds reach' });
      current = await spawnServer({ ...env, ANTHROPIC_API_KEY: 'sk-ant-crash', ANTHROPIC_BASE_URL: fake.url, PARLEY_BOT_TIMEOUT_MS: '60000' });
      const store = await testDb.open();
      const { db } = store;
      const site = (await db.select().from(sites).where(eq(sites.publicKey, DEMO_SITE_KEY)).limit(1))[0]!;
      await importArticles(db, site.id, [
        {
          id: 'refunds',
          title: 'Refunds',
          phrasings: ['how do I get a refund', 'money back'],
          body: 'Refunds reach your card within 5 days.',
          category: null,
          locale: null,
          status: 'published',
        },
        { id: 'hours', title: 'Opening hours', phrasings: ['when are you open'], body: 'Nine to five.', category: null, locale: null, status: 'published' },
      ]);
      const visitor = await VisitorClient.create(current.url);
      const conv = await visitor.conversation('conv-crash-bot-1');
      const sent = await visitor.send(conv.id, 'msg-crash-bot-1', 'how do I get a refund');
      expect(sent.status).toBe(201);
      await eventually(() => fake.requests.length === 1, 'the request to Claude', 20_000);

      current.child.kill('SIGKILL');
      await current.exited;
      const replies = async () => (await db.select().from(messages).where(eq(messages.conversationId, conv.id))).filter((m) => m.authorType === 'bot');
      expect(await replies()).toEqual([]);

      // Restarted without a key: the local provider answers what was left unanswered.
      current = await spawnServer(env);
      await eventually(async () => (await replies()).length > 0, 'the bot reply after the restart', 20_000);
      await sleep(200);
      expect(await replies()).toHaveLength(1);
      expect((await replies())[0]).toMatchObject({ body: 'Refunds reach your card within 5 days.', meta: { kind: 'answer', replyTo: sent.body.id } });
      await store.close();
    } finally {
      await fake.close();
    }
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connection';
import { messages, sites } from '../src/db/schema';
import { DEMO_SITE_KEY } from '../src/demo/seed';
import { importArticles } from '../src/kb/articles';
import { startFakeAnthropic } from './helpers/fake-anthropic';
import { eventually } from './helpers/handoff';
import { sleep } from './helpers/random';
import { spawnServer, type SpawnedServer } from './helpers/spawn-server';
import { tempDbFile } from './helpers/temp-db';
import { VisitorClient } from './helpers/visitor-client';

describe('the bot across a server crash', () => {
  const file = tempDbFile();
  let current: SpawnedServer | null = null;
  afterAll(async () => {
    current?.child.kill('SIGKILL');
    await current?.exited;
    file.cleanup();
  });

  it('answers a message whose reply was in flight when the server was killed with SIGKILL', async () => {
    const fake = await startFakeAnthropic();
    const env = { PORT: '0', PARLEY_DB: file.file, PARLEY_ADMIN_PASSWORD: 'test-password-123', PARLEY_BOT: 'on' };
    try {
      // Claude is mid-answer (the fake never finishes) when the process dies.
      fake.script({ kind: 'stall', text: 'Refunds reach' });
      current = await spawnServer({ ...env, ANTHROPIC_API_KEY: 'sk-ant-crash', ANTHROPIC_BASE_URL: fake.url, PARLEY_BOT_TIMEOUT_MS: '60000' });
      const db = openDatabase(file.file);
      const site = db.select().from(sites).where(eq(sites.publicKey, DEMO_SITE_KEY)).get()!;
      importArticles(db, site.id, [
        { id: 'refunds', title: 'Refunds', phrasings: ['how do I get a refund', 'money back'], body: 'Refunds reach your card within 5 days.', category: null, locale: null, status: 'published' },
        { id: 'hours', title: 'Opening hours', phrasings: ['when are you open'], body: 'Nine to five.', category: null, locale: null, status: 'published' },
      ]);
      const visitor = await VisitorClient.create(current.url);
      const conv = await visitor.conversation('conv-crash-bot-1');
      const sent = await visitor.send(conv.id, 'msg-crash-bot-1', 'how do I get a refund');
      expect(sent.status).toBe(201);
      await eventually(() => fake.requests.length === 1, 'the request to Claude', 20_000);

      current.child.kill('SIGKILL');
      await current.exited;
      const replies = () => db.select().from(messages).where(eq(messages.conversationId, conv.id)).all().filter((m) => m.authorType === 'bot');
      expect(replies()).toEqual([]);

      // Restarted without a key: the local provider answers what was left unanswered.
      current = await spawnServer(env);
      await eventually(() => replies().length > 0, 'the bot reply after the restart', 20_000);
      await sleep(200);
      expect(replies()).toHaveLength(1);
      expect(replies()[0]).toMatchObject({ body: 'Refunds reach your card within 5 days.', meta: { kind: 'answer', replyTo: sent.body.id } });
      db.$client.close();
    } finally {
      await fake.close();
    }
  });
});

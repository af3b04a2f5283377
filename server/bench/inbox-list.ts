import { desc, eq } from 'drizzle-orm';
import type { ConversationListQuery } from '@parley/protocol';
import { newToken } from '../src/auth/tokens';
import { newId } from '../src/db/ids';
import { loadConfig } from '../src/config/config';
import { listInboxConversations } from '../src/conversations/inbox-queries';
import { accounts, agents, conversations, messages, sites, visitors } from '../src/db/tables';
import { testDatabase } from '../test/helpers/test-db';
import { mulberry32 } from '../src/bot/retrieval/prng';
import { fmt, percentile } from './load';

const CONVERSATIONS = 10_000;
const MESSAGES_EACH = 6;
const RUNS = 200;
const WORDS = [
  'order',
  'refund',
  'parcel',
  'invoice',
  'password',
  'delivery',
  'broken',
  'late',
  'card',
  'account',
  'shipping',
  'return',
  'discount',
  'login',
  'size',
];

export interface InboxListResult {
  conversations: number;
  messages: number;
  /** p50 / p99 in ms of each inbox query, and of the baseline: one indexed page of conversations. */
  timings: Record<string, { p50: number; p99: number }>;
}

async function time(run: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 20; i++) await run();
  const t: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await run();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { p50: percentile(t, 50), p99: percentile(t, 99) };
}

/**
 * The inbox list at 10,000 conversations and 60,000 messages in one account: the queue view
 * (SLA order, unread counts, last messages, badge counts), `all`, and a message search,
 * against a baseline measured in the same run (a bare indexed page of 50 conversations).
 */
export async function benchInboxList(): Promise<InboxListResult> {
  const temp = await testDatabase();
  const store = await temp.open();
  try {
    const { db } = store;
    const accountId = newId('acc');
    const siteId = newId('site');
    await db.insert(accounts).values({ id: accountId, name: 'Bench' });
    await db.insert(sites).values({ id: siteId, accountId, name: 'Bench', publicKey: 'pk_bench', secret: newToken('sk'), allowedOrigins: [] });
    const agent = (
      await db
        .insert(agents)
        .values({ id: newId('ag'), accountId, email: 'b@example.com', name: 'B', passwordHash: 'x', role: 'agent' })
        .returning()
    )[0]!;
    const rand = mulberry32(7);
    const pick = () => WORDS[Math.floor(rand() * WORDS.length)]!;
    const now = Date.now();
    const BATCH = 500;
    for (let from = 0; from < CONVERSATIONS; from += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, CONVERSATIONS - from) }, (_, k) => {
        const i = from + k;
        const v = newId('v');
        const c = newId('c');
        const status = i % 5 === 0 ? ('queued' as const) : i % 5 === 1 ? ('open' as const) : ('resolved' as const);
        const at = now - (CONVERSATIONS - i) * 60_000;
        return {
          visitor: { id: v, siteId, tokenHash: newToken('h'), name: `Visitor ${i}`, email: `visitor${i}@example.com` },
          conversation: {
            id: c,
            siteId,
            visitorId: v,
            clientId: `cl-${i}`,
            status,
            assigneeId: status === 'open' ? agent.id : null,
            priority: (['low', 'medium', 'high', 'urgent'] as const)[i % 4],
            createdAt: new Date(at),
            updatedAt: new Date(at),
            queuedAt: new Date(at),
            firstResponseDueAt: new Date(at + 3_600_000),
          },
          messages: Array.from({ length: MESSAGES_EACH }, (_, m) => ({
            conversationId: c,
            authorType: m % 2 ? ('agent' as const) : ('visitor' as const),
            body: `my ${pick()} and ${pick()} ${pick()} ${i}`,
            createdAt: new Date(at + m),
          })),
        };
      });
      await db.insert(visitors).values(batch.map((b) => b.visitor));
      await db.insert(conversations).values(batch.map((b) => b.conversation));
      await db.insert(messages).values(batch.flatMap((b) => b.messages));
    }

    const q = (over: Partial<ConversationListQuery>): ConversationListQuery => ({ view: 'all', limit: 50, ...over });
    const reader = { db, config: loadConfig({}) };
    const baseline = () => db.select().from(conversations).where(eq(conversations.siteId, siteId)).orderBy(desc(conversations.updatedAt)).limit(50);
    return {
      conversations: CONVERSATIONS,
      messages: CONVERSATIONS * MESSAGES_EACH,
      timings: {
        baseline: await time(baseline),
        unassigned: await time(() => listInboxConversations(reader, agent, q({ view: 'unassigned' }))),
        all: await time(() => listInboxConversations(reader, agent, q({}))),
        search: await time(() => listInboxConversations(reader, agent, q({ q: `${pick()} ${pick()}` }))),
      },
    };
  } finally {
    await store.close();
    await temp.drop();
  }
}

export function printInboxList(r: InboxListResult): void {
  console.log(`\nInbox list: ${r.conversations} conversations, ${r.messages} messages, ${RUNS} runs each`);
  for (const [name, t] of Object.entries(r.timings)) {
    console.log(`  ${name.padEnd(11)} p50 ${fmt(t.p50, 2)} ms  p99 ${fmt(t.p99, 2)} ms  (p50 ${fmt(t.p50 / r.timings.baseline!.p50, 0)}× baseline)`);
  }
}

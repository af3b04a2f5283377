import type { ConversationListQuery } from '@parley/protocol';
import { newToken } from '../src/auth/tokens';
import { newId } from '../src/db/ids';
import { tempDbFile } from '../test/helpers/temp-db';
import { loadConfig } from '../src/config/config';
import { listInboxConversations } from '../src/conversations/inbox-queries';
import { openDatabase } from '../src/db/connection';
import { runMigrations } from '../src/db/migrate';
import { accounts, agents, sites } from '../src/db/schema';
import { mulberry32 } from '../src/bot/retrieval/prng';
import { fmt, percentile } from './load';

const CONVERSATIONS = 10_000;
const MESSAGES_EACH = 6;
const RUNS = 200;
const WORDS = ['order', 'refund', 'parcel', 'invoice', 'password', 'delivery', 'broken', 'late', 'card', 'account', 'shipping', 'return', 'discount', 'login', 'size'];

export interface InboxListResult {
  conversations: number;
  messages: number;
  /** p50 / p99 in ms of each inbox query, and of the baseline: one indexed page of conversations. */
  timings: Record<string, { p50: number; p99: number }>;
}

function time(run: () => unknown): { p50: number; p99: number } {
  for (let i = 0; i < 20; i++) run();
  const t = Array.from({ length: RUNS }, () => {
    const s = performance.now();
    run();
    return performance.now() - s;
  }).sort((a, b) => a - b);
  return { p50: percentile(t, 50), p99: percentile(t, 99) };
}

/**
 * The inbox list at 10,000 conversations and 60,000 messages in one account: the queue view
 * (SLA order, unread counts, last messages, badge counts), `all`, and a message search,
 * against a baseline measured in the same run (a bare indexed page of 50 conversations).
 */
export function benchInboxList(): InboxListResult {
  const temp = tempDbFile();
  try {
    const db = openDatabase(temp.file);
    runMigrations(db);
    const accountId = newId('acc');
    const siteId = newId('site');
    db.insert(accounts).values({ id: accountId, name: 'Bench' }).run();
    db.insert(sites).values({ id: siteId, accountId, name: 'Bench', publicKey: 'pk_bench', secret: newToken('sk'), allowedOrigins: [] }).run();
    const agent = db.insert(agents).values({ id: newId('ag'), accountId, email: 'b@example.com', name: 'B', passwordHash: 'x', role: 'agent' }).returning().get();
    const rand = mulberry32(7);
    const pick = () => WORDS[Math.floor(rand() * WORDS.length)]!;
    const sql = db.$client;
    const addVisitor = sql.prepare('insert into visitors (id, site_id, token_hash, name, email) values (?, ?, ?, ?, ?)');
    const addConversation = sql.prepare(
      'insert into conversations (id, site_id, visitor_id, client_id, status, assignee_id, priority, created_at, updated_at, queued_at, first_response_due_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const addMessage = sql.prepare('insert into messages (conversation_id, author_type, body, created_at) values (?, ?, ?, ?)');
    const now = Date.now();
    sql.transaction(() => {
      for (let i = 0; i < CONVERSATIONS; i++) {
        const v = newId('v');
        addVisitor.run(v, siteId, newToken('h'), `Visitor ${i}`, `visitor${i}@example.com`);
        const c = newId('c');
        const status = i % 5 === 0 ? 'queued' : i % 5 === 1 ? 'open' : 'resolved';
        const at = now - (CONVERSATIONS - i) * 60_000;
        addConversation.run(c, siteId, v, `cl-${i}`, status, status === 'open' ? agent.id : null, ['low', 'medium', 'high', 'urgent'][i % 4], at, at, at, at + 3_600_000);
        for (let m = 0; m < MESSAGES_EACH; m++) addMessage.run(c, m % 2 ? 'agent' : 'visitor', `my ${pick()} and ${pick()} ${pick()} ${i}`, at + m);
      }
    })();

    const q = (over: Partial<ConversationListQuery>): ConversationListQuery => ({ view: 'all', limit: 50, ...over });
    const reader = { db, config: loadConfig({}) };
    const baseline = sql.prepare('select * from conversations where site_id = ? order by updated_at desc limit 50');
    return {
      conversations: CONVERSATIONS,
      messages: CONVERSATIONS * MESSAGES_EACH,
      timings: {
        baseline: time(() => baseline.all(siteId)),
        unassigned: time(() => listInboxConversations(reader, agent, q({ view: 'unassigned' }))),
        all: time(() => listInboxConversations(reader, agent, q({}))),
        search: time(() => listInboxConversations(reader, agent, q({ q: `${pick()} ${pick()}` }))),
      },
    };
  } finally {
    temp.cleanup();
  }
}

export function printInboxList(r: InboxListResult): void {
  console.log(`\nInbox list: ${r.conversations} conversations, ${r.messages} messages, ${RUNS} runs each`);
  for (const [name, t] of Object.entries(r.timings)) {
    console.log(`  ${name.padEnd(11)} p50 ${fmt(t.p50, 2)} ms  p99 ${fmt(t.p99, 2)} ms  (p50 ${fmt(t.p50 / r.timings.baseline!.p50, 0)}× baseline)`);
  }
}

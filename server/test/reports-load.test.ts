import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@parley/protocol';
import { newId } from '../src/db/ids';
import { demoSite } from './helpers/agents';
import { InboxClient } from './helpers/inbox-client';
import { startTestServer, type TestServer } from './helpers/test-server';
import { stallsDuring } from './helpers/timing';

const CONVERSATIONS = 20_000;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  const sql = server.deps.db.$client;
  const siteId = demoSite(server).id;
  const visitor = sql.prepare('insert into visitors (id, site_id, token_hash) values (?, ?, ?)');
  const conversation = sql.prepare('insert into conversations (id, site_id, visitor_id, client_id, status, created_at, updated_at, queued_at, first_response_at, rating) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const now = Date.now();
  sql.transaction(() => {
    for (let i = 0; i < CONVERSATIONS; i++) {
      const v = newId('v');
      visitor.run(v, siteId, v);
      const at = now - (i % 300) * 86_400_000 - i;
      conversation.run(newId('c'), siteId, v, `c-${i}`, i % 3 ? 'resolved' : 'open', at, at, i % 2 ? at : null, i % 2 ? at + 60_000 : null, (i % 5) + 1);
    }
  })();
});
afterAll(() => server.stop());

describe('a report over a year of conversations', () => {
  it("lets other requests run while it reads: no stall takes half of the report's time", async () => {
    const owner = await InboxClient.login(server.url);
    const { result, totalMs, longestStallMs } = await stallsDuring(() => owner.get<Report>('/v1/inbox/reports?days=366'));
    expect(result.body.totals).toMatchObject({ conversations: CONVERSATIONS, medianFirstResponseSeconds: 60, csat: { ratings: CONVERSATIONS, average: 3 } });
    // Read in one query, the whole report held the event loop; now no page holds it for half of it.
    expect(longestStallMs).toBeLessThan(totalMs / 2);
  });
});

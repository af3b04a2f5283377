import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@parley/protocol';
import { newId } from '../src/db/ids';
import { conversations, visitors } from '../src/db/tables';
import { demoSite } from './helpers/agents';
import { InboxClient } from './helpers/inbox-client';
import { startTestServer, type TestServer } from './helpers/test-server';
import { stallsDuring } from './helpers/timing';

const CONVERSATIONS = 20_000;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  const { db } = server.deps;
  const siteId = (await demoSite(server)).id;
  const now = Date.now();
  for (let from = 0; from < CONVERSATIONS; from += 1000) {
    const batch = Array.from({ length: 1000 }, (_, k) => {
      const i = from + k;
      const at = new Date(now - (i % 300) * 86_400_000 - i);
      const visitorId = newId('v');
      return {
        visitor: { id: visitorId, siteId, tokenHash: visitorId },
        conversation: {
          id: newId('c'),
          siteId,
          visitorId,
          clientId: `c-${i}`,
          status: i % 3 ? ('resolved' as const) : ('open' as const),
          createdAt: at,
          updatedAt: at,
          queuedAt: i % 2 ? at : null,
          firstResponseAt: i % 2 ? new Date(at.getTime() + 60_000) : null,
          rating: (i % 5) + 1,
        },
      };
    });
    await db.insert(visitors).values(batch.map((b) => b.visitor));
    await db.insert(conversations).values(batch.map((b) => b.conversation));
  }
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

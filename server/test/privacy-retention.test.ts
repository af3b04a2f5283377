import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, RetentionPreview } from '@parley/protocol';
import { buildReport } from '../src/reports/report';
import { applyRetention, retentionPreview } from '../src/privacy/retention';
import { conversations, helpSessions, sites, visitors } from '../src/db/tables';
import { createAccount, createAgent, loginAs } from './helpers/agents';
import { expectError } from './helpers/errors';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

/*
 * Retention (issue 18): a site's `privacy.retentionDays` erases conversations resolved longer
 * ago, and visitors left with none last seen as long ago, on the hourly pass; here with a
 * fake clock (the pass's `now`). Reports keep their counts.
 */
const DAY = 86_400_000;
let server: TestServer;
let owner: Awaited<ReturnType<typeof loginAs>>;
let account: Awaited<ReturnType<typeof createAccount>>;
beforeAll(async () => {
  server = await startTestServer();
  account = await createAccount(server, 'Forgetful');
  owner = await loginAs(server, (await createAgent(server, { email: 'retention-owner@example.com', accountId: account.accountId, role: 'owner' })).email);
});
afterAll(() => server.stop());

async function visitorWith(status: 'resolved' | 'open' | null) {
  const visitor = await VisitorClient.create(server.url, account.site.publicKey);
  const { visitorId } = (await visitor.request<{ visitorId: string }>('GET', '/v1/widget/visitor')).body;
  if (status) {
    const c = await visitor.conversation(`retention-${visitorId}`);
    await visitor.send(c.id, `retention-msg-${visitorId}`, 'Hello');
    await server.deps.db.update(conversations).set({ status, resolvedAt: status === 'resolved' ? new Date() : null }).where(eq(conversations.id, c.id));
  }
  return visitorId;
}
const exists = async (visitorId: string) => (await server.deps.db.select().from(visitors).where(eq(visitors.id, visitorId))).length === 1;

describe('retention', () => {
  it('erases, past the retention, resolved conversations and the visitors left with none; keeps open ones and reports', async () => {
    const done = await visitorWith('resolved');
    const open = await visitorWith('open');
    const idle = await visitorWith(null);
    // An anonymous help center visit, with a search: its words go with the retention too.
    await fetch(`${server.url}/v1/widget/help/search?site=${account.site.publicKey}&session=hs_retention-visit-01&q=refund`);
    const helpVisits = async () => (await server.deps.db.select().from(helpSessions).where(eq(helpSessions.siteId, account.site.id))).length;
    expect(await helpVisits()).toBe(1);
    const report = async (now: Date) => (await buildReport(server.deps.db, account.accountId, { days: 90 }, now)).totals.conversations;
    const [site] = await server.deps.db.select().from(sites).where(eq(sites.id, account.site.id));
    await server.deps.db
      .update(sites)
      .set({ settings: { ...(site!.settings as object), privacy: { retentionDays: 30 } } })
      .where(eq(sites.id, account.site.id));

    const later = (days: number) => new Date(Date.now() + days * DAY);
    // Within the retention: nothing goes.
    expect(await retentionPreview(server.deps.db, account.site.id, 30, later(29))).toMatchObject({ conversations: 0, visitors: 0 });
    expect(await applyRetention(server.deps, later(29))).toEqual({ conversations: 0, visitors: 0 });
    expect([await exists(done), await exists(open), await exists(idle)]).toEqual([true, true, true]);

    const countedBefore = await report(later(31));
    expect(await retentionPreview(server.deps.db, account.site.id, 30, later(31))).toMatchObject({ conversations: 1, visitors: 2 });
    expect(await applyRetention(server.deps, later(31))).toEqual({ conversations: 1, visitors: 2 });
    expect([await exists(done), await exists(open), await exists(idle)]).toEqual([false, true, false]);
    expect(await report(later(31))).toBe(countedBefore);
    const entry = (await owner.get<AuditPage>('/v1/inbox/audit?action=privacy.retention')).body.entries[0];
    expect(entry).toMatchObject({ target: account.site.id, agent: null, details: { days: 30, conversations: 1, visitors: 2, helpVisits: 1 } });
    expect(await helpVisits()).toBe(0);
    // A second pass finds nothing more.
    expect(await applyRetention(server.deps, later(31))).toEqual({ conversations: 0, visitors: 0 });
  });

  it('GET /v1/inbox/sites/:id/retention previews a retention for owners and admins; bad days are 400', async () => {
    const res = await owner.get<RetentionPreview>(`/v1/inbox/sites/${account.site.id}/retention?days=7`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ days: 7, conversations: 0 });
    expectError(await owner.get(`/v1/inbox/sites/${account.site.id}/retention?days=0`), 400, 'invalid_request');
    expectError(await owner.get(`/v1/inbox/sites/${account.site.id}/retention?days=lots`), 400, 'invalid_request');
    expectError(await owner.get('/v1/inbox/sites/site_nope/retention?days=7'), 404, 'not_found');
    const agent = await loginAs(server, (await createAgent(server, { email: 'retention-agent@example.com', accountId: account.accountId, role: 'agent' })).email);
    expectError(await agent.get(`/v1/inbox/sites/${account.site.id}/retention?days=7`), 403, 'forbidden');
  });
});

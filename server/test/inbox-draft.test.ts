import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Draft, SiteAdmin } from '@parley/protocol';
import { createArticle } from '../src/kb/articles';
import { demoSite } from './helpers/agents';
import { startFakeAnthropic, type FakeAnthropic } from './helpers/fake-anthropic';
import { handedOff } from './helpers/handoff';
import { InboxClient } from './helpers/inbox-client';
import { startTestServer, type TestServer } from './helpers/test-server';

describe('AI-drafted reply with the anthropic provider', () => {
  let fake: FakeAnthropic;
  let server: TestServer;
  beforeAll(async () => {
    fake = await startFakeAnthropic();
    server = await startTestServer({ ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.url });
  });
  afterAll(async () => {
    await server.stop();
    await fake.close();
  });

  it('grounds the draft on the conversation and the matching articles, and sends nothing', async () => {
    const article = await createArticle(server.deps.db, (await demoSite(server)).id, {
      title: 'Shipping times',
      body: 'Parcels ship within 2 days.',
      status: 'published',
    } as Parameters<typeof createArticle>[2]);
    const { conversationId } = await handedOff(server, 'pk_demo', { text: 'when will my parcel ship?' });
    fake.script({ kind: 'reply', text: `Your parcel ships within 2 days [${article.id}].` });
    const owner = await InboxClient.login(server.url);
    const draft = await owner.post<Draft>(`/v1/inbox/conversations/${conversationId}/draft`);
    expect(draft.status).toBe(200);
    expect(draft.body.body).toContain('Your parcel ships within 2 days');
    expect(draft.body.sources).toEqual([{ id: article.id, title: 'Shipping times' }]);
    const request = fake.requests.at(-1)!.body;
    expect(JSON.stringify(request.messages)).toContain('when will my parcel ship?');
    expect(JSON.stringify(request)).toContain('Parcels ship within 2 days.');
    const messages = await owner.get<{ messages: Array<{ body: string }> }>(`/v1/inbox/conversations/${conversationId}`);
    expect(messages.body.messages.some((m) => m.body.includes('Your parcel ships'))).toBe(false);
  });

  it('drafts locally, without calling Claude, for a site whose bot is set to the local provider', async () => {
    const site = await demoSite(server);
    await createArticle(server.deps.db, site.id, { title: 'Gift wrapping', body: 'We gift-wrap any order for free.', status: 'published' } as Parameters<
      typeof createArticle
    >[2]);
    const { conversationId } = await handedOff(server, 'pk_demo', { text: 'can you gift wrap my order?' });
    const owner = await InboxClient.login(server.url);
    const current = (await owner.get<SiteAdmin>(`/v1/inbox/sites/${site.id}`)).body;
    expect(current.anthropicConfigured).toBe(true);
    await owner.patch(`/v1/inbox/sites/${site.id}`, { settings: { ...current.settings, bot: { ...current.settings.bot, provider: 'local' } } });
    fake.requests.length = 0;
    const draft = await owner.post<Draft>(`/v1/inbox/conversations/${conversationId}/draft`);
    expect(draft.body.body).toBe('We gift-wrap any order for free.');
    expect(fake.requests).toHaveLength(0);
    await owner.patch(`/v1/inbox/sites/${site.id}`, { settings: current.settings });
  });
});

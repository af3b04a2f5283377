import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact, ContactList, CreatedApiToken } from '@parley/protocol';
import { createAccount, createAgent, demoSite, loginAs } from './helpers/agents';
import { expectError } from './helpers/errors';
import { InboxClient } from './helpers/inbox-client';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

/* Contacts (issue 14): the account's visitors who are someone, found, read and corrected through the inbox API. */
let server: TestServer;
let owner: Awaited<ReturnType<typeof InboxClient.login>>;
const ids: Record<string, string> = {};

const visitorId = async (v: VisitorClient) => (await v.request<{ visitorId: string }>('GET', '/v1/widget/visitor')).body.visitorId;

beforeAll(async () => {
  server = await startTestServer();
  owner = await InboxClient.login(server.url);
  const wrote = await VisitorClient.create(server.url, 'pk_demo', { name: 'Zoë Writer' });
  await wrote.conversation('contacts-conv-1');
  ids.wrote = await visitorId(wrote);
  ids.emailed = await visitorId(await VisitorClient.create(server.url, 'pk_demo', { email: 'Ada.Lovelace@Example.com' }));
  ids.percent = await visitorId(await VisitorClient.create(server.url, 'pk_demo', { name: '100% sure_maybe' }));
  ids.anonymous = await visitorId(await VisitorClient.create(server.url, 'pk_demo'));
  const other = await createAccount(server, 'Elsewhere Ltd');
  ids.elsewhere = await visitorId(await VisitorClient.create(server.url, other.site.publicKey, { email: 'ada@elsewhere.example' }));
});
afterAll(() => server.stop());

const list = (query = '') => owner.get<ContactList>(`/v1/inbox/contacts${query}`);
const listedIds = async (query = '') => (await list(query)).body.contacts.map((c) => c.id);

describe('GET /v1/inbox/contacts', () => {
  it("lists the account's visitors who wrote or said who they are, newest first, never page views or another account's", async () => {
    const all = await list();
    expect(all.status).toBe(200);
    const found = all.body.contacts.map((c) => c.id);
    expect(found).toEqual(expect.arrayContaining([ids.wrote, ids.emailed, ids.percent]));
    expect(found).not.toContain(ids.anonymous);
    expect(found).not.toContain(ids.elsewhere);
    expect(found.indexOf(ids.percent!)).toBeLessThan(found.indexOf(ids.wrote!));
    expect(all.body.contacts.find((c) => c.id === ids.wrote)).toMatchObject({ name: 'Zoë Writer', conversationCount: 1, siteId: (await demoSite(server)).id });
  });

  it('finds by part of a name, email, phone or user id in any case, taking % and _ literally', async () => {
    expect(await listedIds('?q=lovelace')).toEqual([ids.emailed]);
    expect(await listedIds('?q=ZOË')).toEqual([ids.wrote]);
    expect(await listedIds('?q=%25')).toEqual([ids.percent]);
    expect(await listedIds('?q=_')).toEqual([ids.percent]);
    expect(await listedIds('?q=elsewhere')).toEqual([]);
  });

  it('pages by nextBefore, each contact once', async () => {
    const seen: string[] = [];
    let before: string | null = null;
    do {
      const page: ContactList = (await list(`?limit=1${before ? `&before=${encodeURIComponent(before)}` : ''}`)).body;
      seen.push(...page.contacts.map((c) => c.id));
      before = page.nextBefore;
    } while (before);
    expect(seen).toEqual(await listedIds());
  });

  it('keeps to one site of the account, and refuses a bad query with the error shape', async () => {
    const siteId = (await demoSite(server)).id;
    expect(await listedIds(`?siteId=${siteId}`)).toEqual(await listedIds());
    const other = await createAccount(server, 'Not Yours');
    expectError(await list(`?siteId=${other.site.id}`), 404, 'not_found');
    expectError(await list('?limit=0'), 400, 'invalid_request');
    expectError(await list('?before=yesterday'), 400, 'invalid_request');
  });
});

describe('GET and PATCH /v1/inbox/contacts/:id', () => {
  it('reads a contact, and 404s for one of another account', async () => {
    expect((await owner.get<Contact>(`/v1/inbox/contacts/${ids.emailed}`)).body).toMatchObject({ id: ids.emailed, email: 'Ada.Lovelace@Example.com' });
    expectError(await owner.get(`/v1/inbox/contacts/${ids.elsewhere}`), 404, 'not_found');
    expectError(await owner.patch(`/v1/inbox/contacts/${ids.elsewhere}`, { name: 'Mine now' }), 404, 'not_found');
  });

  it('corrects fields, clears one with null, and merges attributes as the widget does', async () => {
    await owner.patch(`/v1/inbox/contacts/${ids.wrote}`, { attributes: { plan: 'pro', seats: 3 } });
    const updated = await owner.patch<Contact>(`/v1/inbox/contacts/${ids.wrote}`, { name: 'Zoë Reader', phone: '+44 20 7946 0000', attributes: { seats: null, vip: true } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Zoë Reader', phone: '+44 20 7946 0000', attributes: { plan: 'pro', vip: true } });
    expect(updated.body.attributes).not.toHaveProperty('seats');
    const cleared = await owner.patch<Contact>(`/v1/inbox/contacts/${ids.wrote}`, { phone: null });
    expect(cleared.body.phone).toBeNull();
  });

  it('refuses a bad email, an empty change, and attributes past the cap', async () => {
    expectError(await owner.patch(`/v1/inbox/contacts/${ids.wrote}`, { email: 'not an email' }), 400, 'invalid_request');
    expectError(await owner.patch(`/v1/inbox/contacts/${ids.wrote}`, {}), 400, 'invalid_request');
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));
    expectError(await owner.patch(`/v1/inbox/contacts/${ids.wrote}`, { attributes: many }), 400, 'invalid_request');
  });

  it('is open to every agent, and to API tokens by their contacts scopes', async () => {
    await createAgent(server, { email: 'contacts-agent@example.com', role: 'agent' });
    const agent = await loginAs(server, 'contacts-agent@example.com');
    expect((await agent.get('/v1/inbox/contacts')).status).toBe(200);
    const reader = (await owner.post<CreatedApiToken>('/v1/inbox/api-tokens', { name: 'contacts reader', scopes: ['contacts:read'] })).body.token;
    const script = new InboxClient(server.url, null);
    const auth = { authorization: `Bearer ${reader}` };
    expect((await script.request('GET', '/v1/inbox/contacts?q=lovelace', undefined, auth)).status).toBe(200);
    expectError(await script.request('PATCH', `/v1/inbox/contacts/${ids.emailed}`, { name: 'x' }, auth), 403, 'forbidden');
  });
});

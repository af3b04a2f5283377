import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentList, AuditPage, ErrorBody, Invite, Me } from '@parley/protocol';
import { createAgent, loginAs, signInTeam } from './helpers/agents';
import { expectError } from './helpers/errors';
import { InboxClient, OWNER } from './helpers/inbox-client';
import { startTestServer, type TestServer } from './helpers/test-server';

let server: TestServer;
let team: Awaited<ReturnType<typeof signInTeam>>;

beforeAll(async () => {
  server = await startTestServer();
  team = await signInTeam(server, 'inv');
});
afterAll(() => server.stop());

const invite = (by: InboxClient, email: string, role = 'agent') => by.post<Invite>('/v1/inbox/invites', { email, role });
const tokenOf = (i: Invite) => i.url!.split('#')[1]!;
const accept = (i: Invite, name = 'Newcomer') => new InboxClient(server.url).post<Me>(`/v1/inbox/invites/${tokenOf(i)}/accept`, { name, password: 'a-long-password' });
const openInvites = async (by: InboxClient) => (await by.get<AgentList>('/v1/inbox/agents')).body.invites;
const auditOf = async (by: InboxClient, action: string) => (await by.get<AuditPage>(`/v1/inbox/audit?action=${action}`)).body.entries;

describe('open invitations', () => {
  it('are listed with who sent them, and revoked by an owner or admin: the link then works no more', async () => {
    const sent = (await invite(team.admin, 'to-revoke@example.com')).body;
    const listed = (await openInvites(team.owner)).find((i) => i.id === sent.id);
    expect(listed).toMatchObject({ email: 'to-revoke@example.com', role: 'agent', invitedBy: { name: 'inv-admin' }, createdAt: expect.any(String) });
    expect(listed).not.toHaveProperty('url');

    expectError(await team.agent.delete(`/v1/inbox/invites/${sent.id}`), 403, 'forbidden');
    expectError(await team.rival.delete(`/v1/inbox/invites/${sent.id}`), 404, 'not_found');
    expect((await team.owner.delete(`/v1/inbox/invites/${sent.id}`)).status).toBe(204);
    expectError(await team.owner.delete(`/v1/inbox/invites/${sent.id}`), 404, 'not_found');
    expectError(await team.owner.delete(`/v1/inbox/invites/${'x'.repeat(65)}`), 400, 'invalid_request');

    expect((await openInvites(team.owner)).some((i) => i.id === sent.id)).toBe(false);
    expectError(await new InboxClient(server.url).get(`/v1/inbox/invites/${tokenOf(sent)}`), 404, 'not_found');
    expectError(await accept(sent), 404, 'not_found');
  });

  it("stop working when whoever sent them is deactivated, or loses the right to invite that role", async () => {
    await createAgent(server, { email: 'leaving-admin@example.com', role: 'admin' });
    const leaving = await loginAs(server, 'leaving-admin@example.com');
    const owner2 = await createAgent(server, { email: 'second-owner@example.com', role: 'owner' });
    const demoted = await loginAs(server, owner2.email);
    const fromLeaving = (await invite(leaving, 'from-leaving@example.com')).body;
    const ownerInvite = (await invite(demoted, 'future-owner@example.com', 'owner')).body;
    const agentInvite = (await invite(demoted, 'future-agent@example.com')).body;

    const { id: leavingId } = (await leaving.get<Me>('/v1/inbox/auth/me')).body;
    expect((await team.owner.patch(`/v1/inbox/agents/${leavingId}`, { active: false })).status).toBe(200);
    expect((await team.owner.patch(`/v1/inbox/agents/${owner2.id}`, { role: 'admin' })).status).toBe(200);

    const open = (await openInvites(team.owner)).map((i) => i.id);
    expect(open).toContain(agentInvite.id);
    expect(open).not.toContain(fromLeaving.id);
    expect(open).not.toContain(ownerInvite.id);
    expectError(await accept(fromLeaving), 404, 'not_found');
    expectError(await accept(ownerInvite), 404, 'not_found');
    expect((await accept(agentInvite)).status).toBe(201);
  });
});

describe('inviting an address that already has an account', () => {
  it('answers exactly as for a new address, in this account or any other', async () => {
    const fresh = await invite(team.admin, 'brand-new@example.com');
    const here = await invite(team.admin, OWNER.email);
    const elsewhere = await invite(team.admin, 'inv-rival@example.com');
    for (const res of [here, elsewhere]) {
      expect(res.status).toBe(fresh.status);
      expect(Object.keys(res.body).sort()).toEqual(Object.keys(fresh.body).sort());
      expect((await new InboxClient(server.url).get(`/v1/inbox/invites/${tokenOf(res.body)}`)).status).toBe(200);
    }
  });

  it('cannot be accepted, with a message that does not say why', async () => {
    const taken = (await invite(team.admin, 'inv-rival@example.com')).body;
    const res = await accept(taken);
    expectError(res, 409, 'conflict');
    expect((res.body as unknown as ErrorBody).error.message).not.toMatch(/account|exists|already|inv-rival/i);
    expect((await accept((await invite(team.admin, 'really-new@example.com')).body)).status).toBe(201);
  });
});

describe('the audit log of invitations', () => {
  it('records who created, revoked and accepted each one', async () => {
    const made = (await invite(team.owner, 'audited@example.com')).body;
    const revoked = (await invite(team.owner, 'withdrawn@example.com')).body;
    await team.owner.delete(`/v1/inbox/invites/${revoked.id}`);
    const joined = (await accept(made, 'Audited Person')).body;

    expect((await auditOf(team.owner, 'invite.create')).find((e) => e.target === made.id)).toMatchObject({
      agent: { id: team.owner.me.id },
      details: { email: 'audited@example.com', role: 'agent' },
    });
    expect((await auditOf(team.owner, 'invite.revoke')).find((e) => e.target === revoked.id)).toMatchObject({ agent: { id: team.owner.me.id } });
    expect((await auditOf(team.owner, 'invite.accept')).find((e) => e.target === made.id)).toMatchObject({ agent: { id: joined.id, name: 'Audited Person' } });
    expect(await auditOf(team.rival, 'invite.create')).toEqual([]);
  });
});

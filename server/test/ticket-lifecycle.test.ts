import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebhookPayloads } from '@parley/protocol';
import { eventually } from './helpers/handoff';
import { InboxClient } from './helpers/inbox-client';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver';

/*
 * A ticket's life after it is made (issue 16): its statuses, each transition an event that
 * webhooks announce as `ticket.status_changed`.
 */
let server: TestServer;
let receiver: WebhookReceiver;
let owner: Awaited<ReturnType<typeof InboxClient.login>>;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  server = await startTestServer({ PARLEY_WEBHOOK_ALLOW_PRIVATE: '1' });
  owner = await InboxClient.login(server.url);
});
afterAll(async () => {
  await server.stop();
  await receiver.close();
});
beforeEach(() => receiver.answerWith(() => 200));

describe('webhooks', () => {
  it('announces a ticket with its own events too, which a chat never makes', async () => {
    const hook = await receiver.register(owner, ['ticket.created', 'ticket.status_changed']);
    const visitor = await VisitorClient.create(server.url, 'pk_demo');
    await visitor.conversation(`hooks-chat-${hook.id}`);
    const made = await visitor.request<{ id: string; reference: number }>('POST', '/v1/widget/tickets', {
      clientId: `hooks-ticket-${hook.id}`,
      subject: 'Broken zip',
      body: 'The zipper broke on day one.',
    });
    await owner.patch(`/v1/inbox/conversations/${made.body.id}`, { assigneeId: owner.me.id, status: 'open' });
    await owner.patch(`/v1/inbox/conversations/${made.body.id}`, { status: 'resolved' });
    await eventually(() => receiver.on(hook.path).some((r) => r.json.data.status?.to === 'resolved'), 'the ticket resolved');
    const got = receiver.on(hook.path);
    for (const r of got) WebhookPayloads[r.json.type as keyof typeof WebhookPayloads].parse(r.json);
    expect(got.map((r) => r.json.data.conversation.id)).toEqual(got.map(() => made.body.id));
    expect(got[0]!.json).toMatchObject({ type: 'ticket.created', data: { conversation: { kind: 'ticket', subject: 'Broken zip', reference: made.body.reference } } });
    expect(got.slice(1).map((r) => [r.json.type, r.json.data.status.to])).toEqual([
      ['ticket.status_changed', 'open'],
      ['ticket.status_changed', 'resolved'],
    ]);
  });

});

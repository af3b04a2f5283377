import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { WebhookWithSecret } from '@parley/protocol';
import { webhookDeliveries } from '../src/db/tables';
import { eventually } from './helpers/handoff';
import { InboxClient } from './helpers/inbox-client';
import { sleep } from './helpers/random';
import { spawnServer, type SpawnedServer } from './helpers/spawn-server';
import { testDatabase, type TestDatabase } from './helpers/test-db';
import { VisitorClient } from './helpers/visitor-client';
import { startWebhookReceiver, verifyStandardWebhook, type WebhookReceiver } from './helpers/webhook-receiver';

/*
 * Nothing lost across a crash (issue 14): a delivery under way when the server is killed
 * (SIGKILL, no shutdown) is sent after the restart, once the dead process's lease ends, with
 * the same webhook-id, so a receiver that took the first try's request dedupes the second.
 */
let testDb: TestDatabase;
let receiver: WebhookReceiver;
const servers: SpawnedServer[] = [];
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  testDb = await testDatabase();
});
afterAll(async () => {
  for (const s of servers) s.child.kill('SIGKILL');
  await Promise.all(servers.map((s) => s.exited));
  await receiver?.close();
  await testDb?.drop();
});

const env = () => ({
  PORT: '0',
  ...testDb.env,
  PARLEY_ADMIN_PASSWORD: 'test-password-123',
  PARLEY_WEBHOOK_ALLOW_PRIVATE: '1',
  // A try holds its delivery for 2 × 2 s.
  PARLEY_WEBHOOK_TIMEOUT_SECONDS: '2',
});
const start = async () => {
  const server = await spawnServer(env());
  servers.push(server);
  return server;
};

it('sends a delivery that was under way when the server was killed, after the restart, with the same id', async () => {
  const first = await start();
  const owner = await InboxClient.login(first.url);
  const hook = (await owner.post<WebhookWithSecret>('/v1/inbox/webhooks', { url: `${receiver.url}/crash`, events: ['message.created'] })).body;
  receiver.answerWith((_, nth) => (nth === 0 ? 'hang' : 200));
  const visitor = await VisitorClient.create(first.url, 'pk_demo');
  const conversation = await visitor.conversation('crash-conversation');
  await visitor.send(conversation.id, 'crash-message-1', 'Are you there?');
  await eventually(() => receiver.on('/crash').length === 1, 'the first try at the receiver');
  first.child.kill('SIGKILL');
  await first.exited;

  await start();
  await eventually(() => receiver.on('/crash').length === 2, 'the try after the restart', 20_000);
  const [before, after] = receiver.on('/crash');
  expect(after!.headers['webhook-id']).toBe(before!.headers['webhook-id']);
  expect(after!.body).toBe(before!.body);
  expect(verifyStandardWebhook(hook.secret, after!.headers, after!.body)).toBe(true);
  const store = await testDb.open();
  const row = async () => (await store.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, hook.id)))[0]!;
  await eventually(async () => (await row()).status === 'delivered', 'recorded as delivered');
  await sleep(300);
  expect(receiver.on('/crash')).toHaveLength(2);
  expect(await row()).toMatchObject({ status: 'delivered', attempts: 2, responseStatus: 200 });
  await store.close();
}, 60_000);

import type { Priority } from '@parley/protocol';
import { changeConversation } from '../../src/conversations/change';
import { conversations } from '../../src/db/tables';
import { eq } from 'drizzle-orm';
import { createAccount, createAgent, loginAs } from './agents';
import type { TestServer } from './test-server';
import { VisitorClient } from './visitor-client';
import { sleep } from './random';

let n = 0;

/**
 * A visitor who wrote to the bot and was handed to a person: what the bot pipeline does on
 * handoff (status `queued` with its triage), done directly so routing tests do not depend on it.
 */
export async function handedOff(
  server: TestServer,
  siteKey: string,
  opts: { priority?: Priority; language?: string; category?: string; email?: string; locale?: string; text?: string } = {},
) {
  const fields = { ...(opts.email ? { email: opts.email } : {}), ...(opts.locale ? { locale: opts.locale } : {}) };
  const visitor = await VisitorClient.create(server.url, siteKey, fields);
  const conversation = await visitor.conversation(`conv-handoff-${++n}`);
  await visitor.send(conversation.id, `msg-handoff-${n}`, opts.text ?? 'I need a person please');
  await changeConversation(
    server.deps,
    conversation.id,
    { status: 'queued', priority: opts.priority ?? null, language: opts.language ?? null, category: opts.category ?? null },
    { type: 'bot', agentId: null },
  );
  return { visitor, conversationId: conversation.id };
}

export async function conversationRow(server: TestServer, id: string) {
  return (await server.deps.db.select().from(conversations).where(eq(conversations.id, id)).limit(1))[0]!;
}

/** Polls until `check` returns a truthy value (routing runs just after the event that triggers it). */
export async function eventually<T>(check: () => T | Promise<T>, what = 'condition', timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * Nobody online in a fresh account: the handoff takes the offline path (the visitor is told
 * to expect email; agent replies are mailed). The account's agent, Nora, is signed in.
 */
export async function offlineHandoff(server: TestServer, email?: string, locale?: string) {
  const { accountId, site } = await createAccount(server, 'Nightshift');
  const row = await createAgent(server, { email: `night-${Math.random().toString(36).slice(2)}@example.com`, accountId, name: 'Nora' });
  const agent = await loginAs(server, row.email);
  const handoff = await handedOff(server, site.publicKey, { ...(email ? { email } : {}), ...(locale ? { locale } : {}) });
  await eventually(async () => (await conversationRow(server, handoff.conversationId)).emailFollowUp, 'offline path');
  return { agent, site, ...handoff };
}

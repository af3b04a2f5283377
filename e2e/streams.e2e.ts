import { describe, expect, it } from 'vitest';
import { postServerMessage } from '../server/src/conversations/commands';
import { useServerAndBrowser } from './helpers/harness';
import { logIn } from './helpers/inbox';
import { bubbles, collectProblems, latestConversation, openWidget, sendAndWaitSent } from './helpers/widget';

// One stream per visitor and per agent, so the test can take a page's stream over; and a
// replay of at most 5 events, so 8 missed ones come as a reset.
const env = useServerAndBrowser({ PARLEY_STREAMS_PER_VISITOR: '1', PARLEY_STREAMS_PER_AGENT: '1', PARLEY_STREAM_REPLAY_MAX: '5' });

/** Opens another stream with `headers`, which replaces the page's; resolves once the server took it. */
async function takeOver(url: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  expect(res.status).toBe(200);
  let received = '';
  const reader = res.body!.getReader();
  void (async () => {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) received += new TextDecoder().decode(chunk.value);
  })().catch(() => {});
  return { received: () => received, close: () => abort.abort() };
}

const replies = async (conversationId: string, n: number) => {
  for (let i = 1; i <= n; i++) await postServerMessage(env.server.deps, { conversationId, authorType: 'agent', body: `While you were away, ${i}` });
};

describe('a page whose stream another tab took over, and which missed more than a replay holds', () => {
  it('the widget waits to be in use, then loads again what it shows and carries on live', async () => {
    const context = await env.chromium.browser.newContext();
    const page = await context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${env.server.url}/demo/`);
    await openWidget(page);
    await sendAndWaitSent(page, 'Anyone there?');
    const conversation = await latestConversation(env.server);
    const token = await page.evaluate(() => (JSON.parse(localStorage.getItem('parley:pk_demo')!) as { token: string }).token);

    const other = await takeOver(`${env.server.url}/v1/widget/stream?token=${token}&lastEventId=999999`);
    await replies(conversation.id, 8);
    // Replaced, the page's stream stays closed rather than take the other tab's place back.
    await page.waitForTimeout(1500);
    expect(other.received()).not.toContain('stream.replaced');
    expect(await bubbles(page, 'agent').count()).toBe(0);

    other.close();
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect.poll(() => bubbles(page, 'agent').count()).toBe(8);
    await postServerMessage(env.server.deps, { conversationId: conversation.id, authorType: 'agent', body: 'Welcome back' });
    await expect.poll(() => bubbles(page, 'agent').count()).toBe(9);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the inbox reopens its stream when the agent comes back, and loads the open conversation again', async () => {
    const visitorPage = await env.chromium.browser.newPage();
    await visitorPage.goto(`${env.server.url}/demo/`);
    await openWidget(visitorPage);
    await sendAndWaitSent(visitorPage, 'Hello from the demo');
    const conversation = await latestConversation(env.server);

    const context = await env.chromium.browser.newContext();
    const agent = await context.newPage();
    await logIn(agent, `${env.server.url}/inbox/c/${conversation.id}`);
    const problems = collectProblems(agent);
    await agent.getByText('Hello from the demo', { exact: true }).waitFor();
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

    const other = await takeOver(`${env.server.url}/v1/inbox/stream`, { cookie });
    await replies(conversation.id, 8);
    other.close();
    // The agent comes back to the tab, again if need be: a focus that lands before the page
    // has read `stream.replaced` finds its stream still open and does nothing (a CI run).
    await expect
      .poll(async () => {
        await agent.evaluate(() => dispatchEvent(new Event('focus')));
        return agent.locator('.transcript .msg').count();
      })
      .toBe(9);
    expect(problems).toEqual([]);
    await context.close();
    await visitorPage.close();
  });
});

import { describe, expect, it } from 'vitest';
import { handedOff } from '../server/test/helpers/handoff';
import { VisitorClient } from '../server/test/helpers/visitor-client';
import { useServerAndBrowser } from './helpers/harness';
import { logIn, ownerOnlineWithNoFreeSlot } from './helpers/inbox';
import { collectProblems } from './helpers/widget';

const env = useServerAndBrowser();

/**
 * Records what the inbox asks of the browser: each Notification constructed (the real one
 * still runs) and each tone started. The page also reports itself hidden, since the inbox
 * only notifies an agent who is looking elsewhere (the tone plays either way).
 */
function spyOnAlerts() {
  const w = window as unknown as { __alerts: { notifications: Array<{ title: string; body?: string }>; tones: number } };
  w.__alerts = { notifications: [], tones: 0 };
  window.Notification = new Proxy(window.Notification, {
    construct(target, args: [string, NotificationOptions?]) {
      w.__alerts.notifications.push({ title: args[0], body: args[1]?.body });
      return Reflect.construct(target, args) as object;
    },
  });
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: [number?]) {
    w.__alerts.tones++;
    return start.apply(this, args);
  };
  Object.defineProperty(Document.prototype, 'visibilityState', { get: () => 'hidden', configurable: true });
}

describe('inbox alerts', () => {
  it('notifies and rings for a conversation that enters the queue, and not for one the bot is handling', async () => {
    const context = await env.chromium.browser.newContext();
    await context.grantPermissions(['notifications'], { origin: env.server.url });
    await context.addInitScript(spyOnAlerts);
    const agent = await context.newPage();
    await logIn(agent, `${env.server.url}/inbox/`);
    // From here on: before login, GET /auth/me answering 401 is how the app shows the form.
    const problems = collectProblems(agent);
    await ownerOnlineWithNoFreeSlot(env.server);

    // First a conversation the bot keeps, then one handed to a person: the stream delivers
    // them in this order, so once the second has rung, the first has had its chance to.
    const visitor = await VisitorClient.create(env.server.url);
    const withBot = await visitor.conversation('conv-bot-only-1');
    await visitor.send(withBot.id, 'msg-bot-only-1', 'Just browsing, thanks');
    await handedOff(env.server, 'pk_demo', { text: 'I need a person please' });

    const alerts = () => agent.evaluate(() => (window as unknown as { __alerts: { notifications: unknown[]; tones: number } }).__alerts);
    await expect.poll(async () => (await alerts()).tones).toBeGreaterThan(0);
    expect(await alerts()).toEqual({ notifications: [{ title: 'New conversation waiting', body: 'A visitor asked for a person.' }], tones: 1 });
    expect(problems).toEqual([]);
    await context.close();
  });
});

import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from './helpers/harness';
import { logIn, ownerOnlineWithNoFreeSlot, submitLogIn } from './helpers/inbox';
import { sql } from './helpers/db';
import { bubbles, collectProblems, openWidget, sendMessage } from './helpers/widget';

// The real bot: the visitor's request for a person is what hands the conversation off.
const env = useServerAndBrowser({ PARLEY_BOT: 'on' });

describe('the inbox', () => {
  it('refuses a wrong password with a message', async () => {
    const page = await env.chromium.browser.newPage();
    await submitLogIn(page, `${env.server.url}/inbox/`, 'not-the-password');
    expect(await page.getByRole('alert').textContent()).toBe('Wrong email or password');
    await page.close();
  });

  it('works a conversation end to end: live queue, take, reply, resolve, rating in reports', async () => {
    const agentContext = await env.chromium.browser.newContext();
    const agent = await agentContext.newPage();
    await logIn(agent, `${env.server.url}/inbox/`);
    // From here on (before login, GET /auth/me answering 401 is how the app knows to show the form).
    const agentProblems = collectProblems(agent);
    // No free slot: the test sees the conversation arrive in the queue and takes it by hand.
    await ownerOnlineWithNoFreeSlot(env.server);

    const visitorContext = await env.chromium.browser.newContext();
    const visitor = await visitorContext.newPage();
    const visitorProblems = collectProblems(visitor);
    await visitor.goto(`${env.demo}/`);
    await openWidget(visitor);
    await sendMessage(visitor, 'I want to talk to a person please');

    // The conversation appears in the unassigned queue without a reload.
    const row = agent.locator('.list .row').first();
    await row.waitFor();
    await expect.poll(() => row.locator('.status').textContent()).toBe('queued');
    await row.click();
    await agent.getByText('I want to talk to a person please', { exact: true }).waitFor();
    await agent.getByRole('button', { name: 'Assign to me' }).click();
    await expect.poll(() => agent.getByTestId('conversation-status').textContent()).toBe('open');

    await agent.getByLabel('Reply').fill('Hi, this is the Demo Owner. How can I help?');
    await agent.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => bubbles(visitor, 'agent').count()).toBe(1);
    expect(await bubbles(visitor, 'agent').first().textContent()).toContain('How can I help?');

    // A private note stays in the inbox.
    await agent.getByLabel('Private note').check();
    await agent.getByLabel('Note', { exact: true }).fill('VIP customer, be nice');
    await agent.getByRole('button', { name: 'Add note' }).click();
    await agent.getByRole('region', { name: 'Conversation', exact: true }).getByText('VIP customer, be nice').waitFor();

    await agent.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => agent.getByTestId('conversation-status').textContent()).toBe('resolved');

    const rating = visitor.locator('parley-widget .p-rating');
    await rating.waitFor();
    await rating.locator('.p-star').nth(4).click();
    await rating.locator('button[type=submit]').click();
    await expect.poll(async () => (await sql<{ rating: number }>(env.server, 'select rating from conversations where rating is not null'))[0]?.rating).toBe(5);
    expect(await visitor.locator('parley-widget').evaluate((el) => el.shadowRoot?.textContent ?? '')).not.toContain('VIP customer');

    await agent.getByRole('link', { name: 'Reports' }).click();
    await expect.poll(() => agent.getByTestId('csat').textContent()).toBe('5.0 / 5 (1)');

    expect(agentProblems).toEqual([]);
    expect(visitorProblems).toEqual([]);
    await visitorContext.close();
    await agentContext.close();
  });

  it("writes a knowledge-base article with a live preview, rendered by the widget's rules, and publishes it", async () => {
    const page = await env.chromium.browser.newPage();
    await logIn(page, `${env.server.url}/inbox/`);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Knowledge base' }).click();
    await page.getByRole('button', { name: 'New article' }).click();
    await page.getByLabel('Title').fill('Opening hours');
    await page.getByLabel('Answer (Markdown)').fill('# Hours\n\nWe are open **9 to 5**. [Write to us](https://example.com/contact)');
    const preview = page.getByRole('region', { name: 'Preview' });
    expect(await preview.locator('strong').textContent()).toBe('9 to 5');
    // The widget has no headings, so neither has the preview: the owner sees the visitor's view.
    expect(await preview.locator('p').first().textContent()).toBe('# Hours');
    const link = preview.getByRole('link', { name: 'Write to us' });
    expect([await link.getAttribute('target'), await link.getAttribute('rel')]).toEqual(['_blank', 'noopener noreferrer']);
    await page.getByRole('button', { name: 'Save article' }).click();
    const row = page.getByRole('row', { name: /Opening hours/ });
    await expect.poll(() => row.getByRole('cell').first().textContent()).toBe('draft');
    await row.getByRole('button', { name: 'Publish' }).click();
    await expect.poll(() => row.getByRole('cell').first().textContent()).toBe('published');
    await page.close();
  });
});

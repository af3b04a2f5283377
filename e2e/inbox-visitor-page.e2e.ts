import { describe, expect, it } from 'vitest';
import type { ConversationDetail } from '../packages/protocol/src';
import { InboxClient } from '../server/test/helpers/inbox-client';
import { useServerAndBrowser } from './helpers/harness';
import { logIn } from './helpers/inbox';
import { sql } from './helpers/db';
import { collectProblems, latestConversation, openWidget, sendMessage } from './helpers/widget';

const env = useServerAndBrowser();

describe('the visitor sidebar', () => {
  it('follows the visitor from page to page, SPA navigation included, and names their browser', async () => {
    const context = await env.chromium.browser.newContext();
    const visitor = await context.newPage();
    const problems = collectProblems(visitor);
    await visitor.goto(`${env.demo}/#pricing`);
    await openWidget(visitor);
    await sendMessage(visitor, 'Which page am I on?');
    await expect.poll(() => sql(env.server, 'select count(*) as n from conversations')).toEqual([{ n: 1 }]);

    const owner = await InboxClient.login(env.server.url);
    const { id } = await latestConversation(env.server);
    const sidebar = async () => (await owner.get<ConversationDetail>(`/v1/inbox/conversations/${id}`)).body.visitor;
    // The fragment is not sent; the browser is read by the server from the User-Agent header.
    expect(await sidebar()).toMatchObject({ pageUrl: `${env.demo}/`, browser: expect.stringMatching(/^Chrome \d+ on Linux$/) });

    // A returning visitor's widget reports a new page load without being opened…
    await visitor.goto(`${env.demo}/spa.html`);
    await expect.poll(async () => (await sidebar()).pageUrl).toBe(`${env.demo}/spa.html`);
    // …and a pushState navigation inside the single-page app.
    await visitor.locator('[data-route=tents]').click();
    await expect.poll(async () => (await sidebar()).pageUrl).toBe(`${env.demo}/spa.html?route=tents`);

    const agent = await (await env.chromium.browser.newContext()).newPage();
    await logIn(agent, `${env.server.url}/inbox/c/${id}`);
    const page = agent.getByTestId('visitor-page').getByRole('link');
    await expect.poll(() => page.textContent()).toBe(`${env.demo.replace('http://', '')}/spa.html?route=tents`);
    expect(await page.getAttribute('href')).toBe(`${env.demo}/spa.html?route=tents`);
    expect(await agent.getByTestId('visitor-browser').textContent()).toMatch(/^Chrome \d+ on Linux$/);
    expect(problems).toEqual([]);
    await agent.context().close();
    await context.close();
  });
});

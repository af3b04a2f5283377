import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from './helpers/harness';
import { logIn } from './helpers/inbox';
import { sql } from './helpers/db';
import { bubbles, collectProblems, openWidget } from './helpers/widget';

const env = useServerAndBrowser();

describe('tickets', () => {
  it('a visitor sends a request with nobody online, an agent answers it from the Tickets view, the visitor reads the answer under "Your requests"', async () => {
    const visitorContext = await env.chromium.browser.newContext();
    const visitor = await visitorContext.newPage();
    const visitorProblems = collectProblems(visitor);
    const widget = visitor.locator('parley-widget');
    await visitor.goto(`${env.demo}/`);
    await openWidget(visitor);
    await widget.getByRole('button', { name: 'Send us a message' }).first().click();
    await widget.getByLabel('Subject').fill('Invoice shows the wrong address');
    await widget.getByLabel('Description').fill('The March invoice has my old address.');
    await widget.getByLabel(/^Email/).fill('ada@example.com');
    await widget.getByRole('button', { name: 'Send', exact: true }).click();
    await widget.getByText(/We got your request #1001\./).waitFor();
    const [ticket] = await sql<{ id: string; kind: string; status: string }>(env.server, "select id, kind, status from conversations where kind = 'ticket'");
    expect(ticket).toMatchObject({ kind: 'ticket', status: 'queued' });

    // The agent comes online, follows the header's badge to the Tickets view, answers, and asks a question.
    const agentContext = await env.chromium.browser.newContext();
    const agent = await agentContext.newPage();
    await logIn(agent, `${env.server.url}/inbox/`);
    const agentProblems = collectProblems(agent);
    // Routing may already have given it to the agent who just came online.
    await agent.getByRole('link', { name: /^Tickets: 1 open, [01] unassigned, 0 waiting on customer$/ }).click();
    await agent.getByRole('group', { name: 'Tickets by status' }).getByText('1 Open').waitFor();
    const row = agent.locator('.list .row', { hasText: 'Invoice shows the wrong address' });
    await row.click();
    await agent.getByRole('heading', { name: /#1001 · Invoice shows the wrong address/ }).waitFor();
    await agent.getByLabel('Reply').fill('Fixed: the new invoice is on its way.');
    await agent.getByRole('button', { name: 'Send' }).click();
    await agent.getByText('Fixed: the new invoice is on its way.').first().waitFor();
    await agent.getByRole('button', { name: 'Waiting on customer…' }).click();
    await agent.getByLabel('Question for the customer').fill('Is the address on the new one right?');
    await agent.getByRole('button', { name: 'Ask and wait' }).click();
    await agent.getByRole('link', { name: 'Tickets: 0 open, 0 unassigned, 1 waiting on customer' }).waitFor();

    // The visitor opens the request from "Your requests" and reads the answer there.
    await widget.getByRole('button', { name: /#1001 Invoice shows the wrong address/ }).click();
    await expect.poll(() => bubbles(visitor, 'agent').count()).toBe(2);
    expect(await bubbles(visitor, 'agent').first().textContent()).toContain('Fixed: the new invoice is on its way.');
    expect(await bubbles(visitor, 'agent').last().textContent()).toContain('Is the address on the new one right?');
    await widget.getByText(/Waiting for your reply/).first().waitFor();
    expect(visitorProblems).toEqual([]);
    expect(agentProblems).toEqual([]);
    await agentContext.close();
    await visitorContext.close();
  });
});

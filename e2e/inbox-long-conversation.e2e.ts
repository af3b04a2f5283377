import { describe, expect, it } from 'vitest';
import { VisitorClient } from '../server/test/helpers/visitor-client';
import { sql } from './helpers/db';
import { useServerAndBrowser } from './helpers/harness';
import { logIn } from './helpers/inbox';

const env = useServerAndBrowser();

describe('a long conversation in the inbox', () => {
  it('opens on the newest messages, loads earlier ones when scrolled to the top without moving what the agent reads, and shows a failed mail', async () => {
    const visitor = await VisitorClient.create(env.server.url, 'pk_demo', { email: 'long@example.com' });
    const { id } = await visitor.conversation('conv-e2e-long-1');
    await sql(
      env.server,
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < 250)
       insert into messages (conversation_id, author_type, body) select ?, case when i % 2 then 'visitor' else 'agent' end, 'message ' || i from n`,
      id,
    );
    const [newest] = await sql<{ id: number }>(env.server, 'select max(id) as id from messages where conversation_id = ?', id);
    await sql(
      env.server,
      "insert into email_log (message_id, conversation_id, \"to\", status, error, attempts) values (?, ?, 'long@example.com', 'failed', 'Message failed: 550 Mailbox unavailable', 8)",
      newest!.id,
      id,
    );

    const page = await (await env.chromium.browser.newContext()).newPage();
    await logIn(page, `${env.server.url}/inbox/c/${id}`);
    const message = (n: number) => page.locator('.transcript .msg .body').getByText(`message ${n}`, { exact: true });
    await message(250).waitFor();
    expect(await page.getByTestId('email-delivery').textContent()).toBe(
      'Email to long@example.com failed after 8 attempts: Message failed: 550 Mailbox unavailable',
    );
    expect(await page.locator('.transcript .msg').count()).toBe(100);
    expect(await message(150).count()).toBe(0);

    const log = page.locator('.transcript');
    const top = async (n: number) => (await message(n).boundingBox())!.y;
    // Scrolled to the top, the first message shown sits this far down the screen…
    const atTop = (await top(151)) + (await log.evaluate((el) => el.scrollTop));
    await log.evaluate((el) => el.scrollTo({ top: 0 }));
    await message(51).waitFor();
    // …and stays there while the earlier page goes in above it.
    expect(Math.abs((await top(151)) - atTop)).toBeLessThan(2);
    expect(await log.evaluate((el) => el.scrollTop)).toBeGreaterThan(1000);

    await log.evaluate((el) => el.scrollTo({ top: 0 }));
    await message(1).waitFor();
    expect(await page.locator('.transcript .msg').count()).toBe(250);
    expect(await page.getByRole('button', { name: 'Load earlier messages' }).count()).toBe(0);
    await page.context().close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArticles } from '../server/src/kb/articles';
import { findSiteByKey } from '../server/src/sites/sites';
import { startFakeAnthropic, type FakeAnthropic } from '../server/test/helpers/fake-anthropic';
import { useServerAndBrowser } from './helpers/harness';
import { sql } from './helpers/db';
import { bubbles, collectProblems, openWidget, sendMessage } from './helpers/widget';

let fake: FakeAnthropic;
beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(() => fake?.close());

const env = useServerAndBrowser(() => ({
  PARLEY_BOT: 'on',
  ANTHROPIC_API_KEY: 'sk-ant-e2e-key',
  ANTHROPIC_BASE_URL: fake.url,
  ANTHROPIC_MODEL: 'claude-test',
  PARLEY_BOT_TIMEOUT_MS: '30000',
}));

// The server holds back the last ~50 characters it has (a prompt-leak guard), so the bold
// words are well inside what the visitor sees before the hold.
const FIRST =
  'Refunds go back to the card you paid with: most banks show them within **five working days**. Some banks take a little longer to post them to your statement, so please allow for that';
const REST = ', and we email you a receipt as soon as we send it [ART]. Anything else I can help with?';

describe('a streamed bot answer in the widget', () => {
  it('grows a bubble as Claude writes, then leaves exactly one bubble: the stored answer', async () => {
    const site = (await findSiteByKey(env.server.deps.db, 'pk_demo'))!;
    await importArticles(env.server.deps.db, site.id, [
      {
        id: 'refund-card',
        title: 'Refunds to your card',
        phrasings: ['how do refunds work', 'when do I get my money back'],
        body: 'Refunds take five days.',
        category: null,
        locale: null,
        status: 'published',
      },
    ]);
    // Always answer (through Claude), whatever retrieval's confidence.
    await sql(env.server, 'update sites set settings = ? where id = ?', JSON.stringify({ bot: { answerThreshold: 0, clarifyThreshold: 0 } }), site.id);
    const [{ id: articleId }] = (await sql<{ id: string }>(env.server, "select id from articles where slug = 'refund-card'")) as [{ id: string }];
    let release!: () => void;
    fake.script({ kind: 'reply', text: FIRST + REST.replace('ART', articleId), hold: { after: FIRST.length, until: new Promise((r) => (release = r)) } });

    const context = await env.chromium.browser.newContext();
    const page = await context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${env.demo}/`);
    await openWidget(page);
    await sendMessage(page, 'how do refunds work?');

    const streaming = page.locator('parley-widget .p-log [data-delivery="streaming"]');
    await expect
      .poll(
        () =>
          streaming
            .locator('strong')
            .textContent({ timeout: 1000 })
            .catch(() => null),
        { timeout: 15_000 },
      )
      .toBe('five working days');
    const partial = (await streaming.locator('.p-bubble').textContent())!;
    expect(FIRST.replace(/\*\*/g, '').startsWith(partial)).toBe(true);
    expect(await bubbles(page, 'bot').count()).toBe(1);
    expect(await streaming.getAttribute('aria-hidden')).toBe('true');

    release();
    await expect.poll(() => bubbles(page, 'bot').locator('.p-feedback').count(), { timeout: 15_000 }).toBe(1);
    expect(await streaming.count()).toBe(0);
    expect(await bubbles(page, 'bot').count()).toBe(1);
    const text = await bubbles(page, 'bot').locator('.p-bubble').textContent();
    expect(text).toBe((FIRST + REST).replace(/\*\*/g, '').replace(' [ART]', ''));
    expect(await bubbles(page, 'bot').locator('.p-source-t').textContent()).toBe('Refunds to your card');
    expect(problems).toEqual([]);
    await context.close();
  });
});

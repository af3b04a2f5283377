import { describe, expect, it } from 'vitest';
import { PNG } from '../server/test/helpers/images';
import { handedOff } from '../server/test/helpers/handoff';
import { useServerAndBrowser } from './helpers/harness';
import { logIn } from './helpers/inbox';

const env = useServerAndBrowser();

describe("the inbox's Content-Security-Policy", () => {
  it('is sent, and no page of the inbox breaks it', async () => {
    const res = await fetch(`${env.server.url}/inbox/settings`);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self';.*frame-ancestors 'none'/);

    const { conversationId } = await handedOff(env.server, 'pk_demo', { text: 'Is **this** [safe](https://example.com)?' });
    const page = await env.chromium.browser.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { violations: string[] };
      w.violations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await logIn(page, `${env.server.url}/inbox/c/${conversationId}`);
    await page.getByText('Is **this** [safe](https://example.com)?').waitFor();
    for (const name of ['Reports', 'Settings', 'Profile']) {
      await page.getByRole('link', { name, exact: true }).click();
      await page.waitForLoadState('networkidle');
    }
    await page.getByLabel('Choose a photo').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: Buffer.from(PNG) });
    await page.getByRole('link', { name: 'Settings' }).click();
    for (const name of ['Agents', 'Knowledge base', 'Canned responses']) {
      await page.getByRole('link', { name, exact: true }).click();
      await page.waitForLoadState('networkidle');
    }
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    await page.close();
  });
});

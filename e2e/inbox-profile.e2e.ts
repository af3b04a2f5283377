import { describe, expect, it } from 'vitest';
import { PNG } from '../server/test/helpers/images';
import { useServerAndBrowser } from './helpers/harness';
import { logIn } from './helpers/inbox';
import { sql } from './helpers/db';

const env = useServerAndBrowser();

describe("an agent's profile photo", () => {
  it('is chosen with a preview, saved, shown in the top bar and the team list, and removed', async () => {
    const page = await env.chromium.browser.newPage();
    await logIn(page, `${env.server.url}/inbox/`);
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByLabel('Choose a photo').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: Buffer.from(PNG) });
    expect(await page.locator('.avatar-edit img').getAttribute('src')).toMatch(/^blob:/);
    await page.getByRole('button', { name: 'Save photo' }).click();
    await page.getByRole('status').filter({ hasText: 'Photo saved' }).waitFor();
    const [stored] = await sql<{ hash: string }>(env.server, 'select hash from agent_avatars');
    expect(await page.locator('.whoami img').getAttribute('src')).toContain(`/v1/avatars/`);
    expect(await page.locator('.whoami img').getAttribute('src')).toContain(stored!.hash);

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Agents' }).click();
    await expect.poll(() => page.locator('table.agents th img').count()).toBe(1);

    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('button', { name: 'Remove photo' }).click();
    await page.getByRole('status').filter({ hasText: 'Photo removed' }).waitFor();
    expect(await page.locator('.whoami img').count()).toBe(0);
    expect(await sql(env.server, 'select count(*) as n from agent_avatars')).toEqual([{ n: 0 }]);
    await page.close();
  });
});

import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from './helpers/harness';
import { logIn } from './helpers/inbox';
import { sql } from './helpers/db';

const env = useServerAndBrowser();

describe('Settings for an owner', () => {
  it('lists an open invitation with its inviter, revokes it, and shows both in the audit log', async () => {
    const page = await env.chromium.browser.newPage();
    await logIn(page, `${env.server.url}/inbox/settings/agents`);
    await page.getByLabel('Invite by email').fill('maybe-later@example.com');
    await page.getByRole('button', { name: 'Create invite link' }).click();
    const invitation = page.getByRole('listitem').filter({ hasText: 'maybe-later@example.com' });
    await expect.poll(() => invitation.textContent()).toContain('invited by Demo Owner');

    await page.getByRole('button', { name: 'Revoke the invitation of maybe-later@example.com' }).click();
    await page.getByRole('status').filter({ hasText: 'revoked' }).waitFor();
    expect(await invitation.count()).toBe(0);
    expect(
      await sql<{ revoked: number }>(env.server, 'select revoked_at is not null as revoked from invites where email = ?', 'maybe-later@example.com'),
    ).toEqual([{ revoked: 1 }]);

    await page.getByRole('link', { name: 'Audit log' }).click();
    const rows = page.locator('table.audit tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(3);
    expect(await rows.nth(0).textContent()).toContain('Invitations revoked');
    expect(await rows.nth(1).textContent()).toContain('Invitations sent');
    await page.getByLabel('Show').selectOption('auth.login');
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining('Sign-ins')]);
    await page.close();
  });
});

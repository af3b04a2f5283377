import { afterEach, describe, expect, it, vi } from 'vitest';
import { consentRequired, mountChat, profile } from '../test-chat';

const consent = { text: 'We keep your chat for 30 days.\nSee <b>our terms</b>.', version: 3 };
let mounted: Awaited<ReturnType<typeof mountChat>> | undefined;
const mount = async (opts: Parameters<typeof mountChat>[0]) => (mounted = await mountChat(opts));
afterEach(() => {
  mounted?.unmount();
  vi.unstubAllGlobals();
});

describe('the consent box', () => {
  it('holds the first message until the box is ticked, then creates the visitor with that version', async () => {
    const w = await mount({ consent });
    const box = w.$<HTMLInputElement>('#p-consent')!;
    // The owner's text as text: markup stays visible characters, never elements.
    expect(w.$('#p-consent-text')!.textContent).toBe(consent.text);
    expect(w.$('.p-consent b')).toBeNull();
    expect(box.closest('label')!.textContent).toBe('I agree');
    expect(box.getAttribute('aria-describedby')).toBe('p-consent-text');
    // Before the composer, so Tab reaches it first.
    expect(box.compareDocumentPosition(w.$('.p-input')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

    w.type('Hello');
    expect(w.$<HTMLButtonElement>('.p-send')!.disabled).toBe(true);
    w.enter();
    await new Promise((r) => setTimeout(r, 20));
    expect(w.calls.filter((c) => c.method !== 'GET')).toEqual([]);
    expect(document.activeElement).toBe(box);
    expect(w.$<HTMLTextAreaElement>('.p-input')!.value).toBe('Hello');

    await w.click(box);
    expect(w.$<HTMLButtonElement>('.p-send')!.disabled).toBe(false);
    await w.click(w.$('.p-send'));
    await w.until(() => expect(w.sent('POST', '/conversations/c1/messages')).toHaveLength(1));
    expect(w.sent('POST', '/visitors')[0]!.body).toMatchObject({ site: 'site_test', consent: 3 });
    expect(w.$('.p-consent')).toBeNull();
    expect(w.stored()).toMatchObject({ token: 'tok-new', consent: 3 });
  });

  it('lets a visitor untick the box again before anything is sent', async () => {
    const w = await mount({ consent });
    await w.click(w.$('#p-consent'));
    await w.click(w.$('#p-consent'));
    w.type('Hello');
    expect(w.$<HTMLButtonElement>('.p-send')!.disabled).toBe(true);
  });

  it('shows nothing and sends no consent when the site does not ask for it', async () => {
    const w = await mount({});
    expect(w.$('.p-consent')).toBeNull();
    w.type('Hello');
    await w.click(w.$('.p-send'));
    await w.until(() => expect(w.sent('POST', '/conversations/c1/messages')).toHaveLength(1));
    expect(w.sent('POST', '/visitors')[0]!.body).not.toHaveProperty('consent');
  });

  it('asks a returning visitor who agreed to an older version, and records the new one when ticked', async () => {
    const w = await mount({ consent, stored: { token: 'tok-1', consent: 2 }, answers: { 'GET /visitor': { body: profile({ consentVersion: 2 }) } } });
    await w.until(() => expect(w.sent('GET', '/visitor')).toHaveLength(1));
    expect(w.$('#p-consent')).not.toBeNull();

    await w.click(w.$('#p-consent'));
    await w.until(() => expect(w.$('.p-consent')).toBeNull());
    expect(document.activeElement).toBe(w.$('.p-input'));
    expect(w.sent('POST', '/consent').map((c) => c.body)).toEqual([{ version: 3 }]);
    expect(w.stored().consent).toBe(3);
    expect(w.sent('POST', '/visitors')).toEqual([]);
  });

  it("trusts the profile of a returning visitor who agreed on another device", async () => {
    const w = await mount({ consent, stored: { token: 'tok-1' }, answers: { 'GET /visitor': { body: profile({ consentVersion: 3 }) } } });
    await w.until(() => expect(w.$('.p-consent')).toBeNull());
    expect(w.stored().consent).toBe(3);
    expect(w.sent('POST', '/consent')).toEqual([]);
  });

  it('shows the box again on a 403 consent_required, with the current text, and sends the held message once ticked', async () => {
    let refuse = true;
    const w = await mount({
      consent,
      stored: { token: 'tok-1', consent: 3 },
      answers: {
        'POST /conversations': () => (refuse ? consentRequired : { status: 201, body: { id: 'c1', status: 'bot' } }),
        'GET /config': { body: { consent: { text: 'New terms.', version: 4 } } },
        'POST /consent': () => {
          refuse = false;
          return { status: 201, body: { version: 4, text: 'New terms.', createdAt: '2026-01-01T10:00:00.000Z' } };
        },
      },
    });
    expect(w.$('.p-consent')).toBeNull();
    w.type('Hello');
    await w.click(w.$('.p-send'));
    await w.until(() => expect(w.$('#p-consent-text')?.textContent).toBe('New terms.'));
    expect(w.$<HTMLInputElement>('#p-consent')!.checked).toBe(false);
    expect(w.$('.p-error')).toBeNull();
    expect(w.stored().consent).toBeUndefined();

    await w.click(w.$('#p-consent'));
    await w.until(() => expect(w.sent('POST', '/conversations/c1/messages')).toHaveLength(1));
    expect(w.sent('POST', '/consent').map((c) => c.body)).toEqual([{ version: 4 }]);
    expect(w.sent('POST', '/conversations/c1/messages')[0]!.body).toMatchObject({ body: 'Hello' });
    expect(w.$('.p-consent')).toBeNull();
  });

  it('sits in the pre-chat form when one is shown, and the form waits for it', async () => {
    const w = await mount({ consent, contact: 'required' });
    const box = w.$<HTMLInputElement>('.p-form #p-consent')!;
    expect(box).not.toBeNull();
    expect(w.$('.p-composer')).toBeNull();
    w.type('ada@example.com', '#p-f-email');
    await w.click(w.byText('Start chat'));
    expect(w.sent('POST', '/visitors')).toEqual([]);
    expect(document.activeElement).toBe(box);

    await w.click(box);
    await w.click(w.byText('Start chat'));
    await w.until(() => expect(w.$('.p-composer')).not.toBeNull());
    expect(w.sent('POST', '/visitors')[0]!.body).toMatchObject({ email: 'ada@example.com', consent: 3 });
    expect(w.$('.p-consent')).toBeNull();
  });
});

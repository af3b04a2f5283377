import type { Message, QueueState, WidgetConfig } from '@parley/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountChat } from '../test-chat';
import { conversation } from '../test-fixtures';

type WhenOffline = WidgetConfig['tickets']['whenOffline'];

const away: Message = {
  id: 2,
  conversationId: 'c1',
  clientId: null,
  author: { type: 'system', name: null, avatarUrl: null },
  body: 'Nobody is available right now.',
  meta: { askEmail: true },
  createdAt: '2026-01-01T10:00:00.000Z',
};
const queue: QueueState = { status: 'queued', position: null, expectedWaitSeconds: null, agentsOnline: false, emailFollowUp: true, email: null };

let mounted: Awaited<ReturnType<typeof mountChat>> | undefined;
afterEach(() => {
  mounted?.unmount();
  vi.unstubAllGlobals();
});

/** A visitor whose chat was handed off while nobody is online: the server's line has been posted. */
async function nobodyOnline(whenOffline?: WhenOffline) {
  const w = (mounted = await mountChat({
    whenOffline,
    agentsOnline: false,
    stored: { token: 'tok-1', conversationId: 'c1' },
    answers: {
      'GET /conversations': { body: { conversations: [conversation('c1', 'queued')] } },
      'GET /conversations/c1/messages': { body: { messages: [away], hasMore: false } },
      'GET /conversations/c1/queue': { body: queue },
    },
  }));
  await w.until(() => expect(w.$('.p-banner')).not.toBeNull());
  return w;
}
type Mounted = Awaited<ReturnType<typeof nobodyOnline>>;

const formButton = (w: Mounted) => [...w.$$('.p-banner button')].find((b) => b.textContent === 'Send us a message') ?? null;

async function opensTheForm(w: Mounted) {
  await w.click(formButton(w));
  await w.until(() => expect(w.$('.p-tickets h3')?.textContent).toBe('Send us a message'));
  expect(w.$('#p-t-subject')).not.toBeNull();
}

describe('the offline banner, as the site chooses (tickets.whenOffline)', () => {
  it('email: asks for an email only', async () => {
    const w = await nobodyOnline('email');
    expect(w.$('#p-offline-email')).not.toBeNull();
    expect(w.$('.p-banner label')!.textContent).toBe('Our team is offline right now. Leave your email and we will reply by email.');
    expect(formButton(w)).toBeNull();
  });

  it('form: offers "Send us a message" instead of the email prompt, and opens the form', async () => {
    const w = await nobodyOnline('form');
    expect(w.$('#p-offline-email')).toBeNull();
    expect(w.byText('Our team is offline right now. Tell us what you need and we will reply by email.')).not.toBeNull();
    expect(formButton(w)!.className).toBe('p-primary');
    await opensTheForm(w);
  });

  it('both, the default: asks for an email with "Send us a message" beside it, kept once the email is saved', async () => {
    const w = await nobodyOnline();
    expect(w.$('#p-offline-email')).not.toBeNull();
    expect(formButton(w)).not.toBeNull();

    w.type('ada@example.com', '#p-offline-email');
    await w.click(w.$('.p-banner button[type=submit]'));
    await w.until(() => expect(w.$('.p-banner [role=status]')?.textContent).toBe('Thanks! We will reply to ada@example.com.'));
    expect(w.sent('PATCH', '/visitor').map((c) => c.body)).toContainEqual({ email: 'ada@example.com' });
    await opensTheForm(w);
  });
});

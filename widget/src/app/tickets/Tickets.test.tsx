import type { Conversation, ConversationStatus, Message, TicketCreated } from '@parley/protocol';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { error, mountChat, profile, type Answers } from '../test-chat';
import { conversation } from '../test-fixtures';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const ticket = (id: string, reference: number, subject: string, status: ConversationStatus, updatedAt: string): Conversation => ({
  ...conversation(id, status),
  kind: 'ticket',
  subject,
  reference,
  updatedAt,
});
const visitorMessage = (id: number, conversationId: string, body: string, clientId: string | null = null): Message => ({
  id, conversationId, clientId, author: { type: 'visitor', name: null, avatarUrl: null }, body, meta: {}, createdAt: hoursAgo(0),
});
const created: TicketCreated = { id: 'c9', reference: 1042, status: 'queued' };
const invoice = ticket('c9', 1042, 'Invoice shows the wrong address', 'queued', hoursAgo(0));
const tickets: Answers = {
  'POST /tickets': { status: 201, body: created },
  'GET /tickets': { body: { tickets: [invoice] } },
};

let mounted: Awaited<ReturnType<typeof mountChat>> | undefined;
afterEach(() => {
  mounted?.unmount();
  vi.unstubAllGlobals();
});

/** The panel on "Send us a message", opened from its header. */
async function openForm(opts: Parameters<typeof mountChat>[0] = {}) {
  const w = (mounted = await mountChat({ ...opts, answers: { ...tickets, ...opts.answers } }));
  await w.click(w.$('.p-head [aria-label="Send us a message"]'));
  await w.until(() => expect(document.activeElement).toBe(w.$('.p-tickets h3')));
  return w;
}
type Mounted = Awaited<ReturnType<typeof openForm>>;

function fill(w: Mounted, fields: Record<string, string>) {
  for (const [name, value] of Object.entries(fields)) w.type(value, `.p-tickets [name=${name}]`);
}
const send = (w: Mounted) => w.click(w.$('.p-tickets button[type=submit]'));
const value = (w: Mounted, name: string) => w.$<HTMLInputElement>(`.p-tickets [name=${name}]`)!.value;
const typed = { subject: 'Invoice shows the wrong address', body: 'The March invoice has my old address.' };

describe('"Send us a message"', () => {
  it('creates a new visitor first, then sends the ticket, and confirms it with its reference and lists it', async () => {
    const w = await openForm();
    expect(w.$('.p-tickets h3')!.textContent).toBe('Send us a message');
    expect(w.$$('.p-tickets label').map((l) => l.textContent)).toEqual(['Subject ', 'Description ', 'Category (optional)', 'Email (optional)']);
    expect(w.$$('.p-tickets option').map((o) => o.textContent)).toEqual(['Choose a category', 'Billing', 'Delivery']);
    fill(w, { ...typed, category: 'Billing', email: ' ada@example.com ' });
    await send(w);

    await w.until(() => expect(w.byText("We got your request #1042. We'll reply here and by email.")).not.toBeNull());
    const writes = w.calls.filter((c) => c.method === 'POST').map((c) => c.path);
    expect(writes.slice(0, 2)).toEqual(['/visitors', '/tickets']);
    const [post] = w.sent('POST', '/tickets');
    expect(post!.body).toEqual({ clientId: expect.stringMatching(/^t-[\da-z]{16}$/), ...typed, category: 'Billing', email: 'ada@example.com' });
    expect(w.stored().token).toBe('tok-new');
    const confirmation = w.byText("We got your request #1042. We'll reply here and by email.")!;
    expect(confirmation.getAttribute('role')).toBe('status');
    await w.until(() => expect(document.activeElement).toBe(confirmation));
    await w.until(() => expect(w.$$('.p-ticket').map((b) => b.textContent)).toEqual(['#1042 Invoice shows the wrong address Waiting for our reply · now']));
  });

  it('refuses an empty subject and description inline, sending nothing', async () => {
    const w = await openForm();
    fill(w, { subject: '   ' });
    await send(w);
    const subject = w.$('#p-t-subject')!;
    expect(subject.getAttribute('aria-invalid')).toBe('true');
    expect(w.$(`#${subject.getAttribute('aria-describedby')}`)!.textContent).toBe('Please fill in this field.');
    expect(w.$('#p-t-body')!.getAttribute('aria-invalid')).toBe('true');
    expect(w.$('#p-t-category')!.hasAttribute('aria-invalid')).toBe(false);
    expect(document.activeElement).toBe(subject);
    expect(w.calls.filter((c) => c.method === 'POST')).toEqual([]);

    fill(w, { subject: 'Hello', email: 'not-an-address' });
    await send(w);
    expect(document.activeElement).toBe(w.$('#p-t-body'));
    expect(w.$('#p-t-subject')!.hasAttribute('aria-invalid')).toBe(false);
    expect(w.$('#p-t-email-err')!.textContent).toBe('Enter an email address like name@example.com.');
    expect(w.calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('keeps what was typed through a server error, and Retry sends the same ticket again', async () => {
    let fail = true;
    const w = await openForm({ answers: { 'POST /tickets': () => (fail ? error('internal', 500) : { status: 201, body: created }) } });
    fill(w, { ...typed, category: 'Delivery' });
    await send(w);
    await w.until(() => expect(w.$('.p-tickets [role=alert]')?.textContent).toBe('Something went wrong. Please try again. Retry'));
    expect([value(w, 'subject'), value(w, 'body'), value(w, 'category')]).toEqual([typed.subject, typed.body, 'Delivery']);
    expect(w.$<HTMLButtonElement>('.p-tickets button[type=submit]')!.disabled).toBe(false);

    fail = false;
    await w.click(w.byText('Retry'));
    await w.until(() => expect(w.byText("We got your request #1042. We'll reply here and by email.")).not.toBeNull());
    const [first, again] = w.sent('POST', '/tickets');
    expect(again!.body).toEqual(first!.body);
    expect(w.sent('POST', '/visitors')).toHaveLength(1);
  });

  it('disables Send while the ticket is on its way', async () => {
    let answer!: () => void;
    const w = await openForm({ stored: { token: 'tok-1' } });
    const held = new Promise<void>((resolve) => (answer = resolve));
    const fetch = globalThis.fetch;
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      if (init.method === 'POST' && url.endsWith('/tickets')) await held;
      return fetch(url, init);
    });
    fill(w, typed);
    await send(w);
    const button = w.$<HTMLButtonElement>('.p-tickets button[type=submit]')!;
    await w.until(() => expect(button.disabled).toBe(true));
    await act(() => answer());
    await w.until(() => expect(w.byText("We got your request #1042. We'll reply here and by email.")).not.toBeNull());
  });

  it('asks for consent before a new visitor sends, and creates them with it', async () => {
    const consent = { text: 'We keep your messages for 30 days.', version: 3 };
    const w = await openForm({ consent });
    fill(w, typed);
    await send(w);
    expect(document.activeElement).toBe(w.$('#p-consent'));
    expect(w.calls.filter((c) => c.method === 'POST')).toEqual([]);
    await w.click(w.$('#p-consent'));
    await send(w);
    await w.until(() => expect(w.sent('POST', '/tickets')).toHaveLength(1));
    expect(w.sent('POST', '/visitors')[0]!.body).toMatchObject({ consent: 3 });
  });

  it('asks a known visitor for an email only when their profile has none', async () => {
    const w = await openForm({ stored: { token: 'tok-1' } });
    await w.until(() => expect(w.$('#p-t-email')).not.toBeNull());
    w.unmount();

    const known = await openForm({ stored: { token: 'tok-1' }, answers: { 'GET /visitor': { body: profile({ email: 'ada@example.com' }) } } });
    await known.until(() => expect(known.sent('GET', '/visitor')).toHaveLength(1));
    await act(() => new Promise((settled) => setTimeout(settled, 20)));
    expect(known.$('#p-t-email')).toBeNull();
  });

  it('sends no email for a visitor who has one on file, nor creates them again', async () => {
    const w = await openForm({ stored: { token: 'tok-1' }, answers: { 'GET /visitor': { body: profile({ email: 'ada@example.com' }) } } });
    fill(w, typed);
    await send(w);
    await w.until(() => expect(w.sent('POST', '/tickets')).toHaveLength(1));
    expect(w.sent('POST', '/tickets')[0]!.body).not.toHaveProperty('email');
    expect(w.sent('POST', '/visitors')).toEqual([]);
  });

  it('requires the email where the site does, and offers no category where it has none', async () => {
    const w = await openForm({ contact: 'required', categories: [] });
    expect(w.$('#p-t-category')).toBeNull();
    expect(w.$<HTMLInputElement>('#p-t-email')!.required).toBe(true);
    fill(w, typed);
    await send(w);
    expect(w.$('#p-t-email-err')!.textContent).toBe('Please fill in this field.');
    expect(w.calls.filter((c) => c.method === 'POST')).toEqual([]);
  });
});

describe('"Your requests"', () => {
  const list = [invoice, ticket('c4', 1038, 'Parcel never arrived', 'resolved', hoursAgo(30))];

  it("lists the visitor's tickets with reference, subject, status and last activity, and opens one's thread", async () => {
    const w = (mounted = await mountChat({
      stored: { token: 'tok-1' },
      answers: { 'GET /tickets': { body: { tickets: list } }, 'GET /conversations/c4/messages': { body: { messages: [], hasMore: false } } },
    }));
    await w.click(w.$('[aria-label="Past conversations"]'));
    await w.click(w.byText('Your requests'));
    await w.until(() => expect(w.$$('.p-ticket').length).toBe(2));
    expect(document.activeElement).toBe(w.$('.p-tickets h3'));
    expect(w.$$('.p-ticket').map((b) => b.textContent)).toEqual([
      '#1042 Invoice shows the wrong address Waiting for our reply · now',
      '#1038 Parcel never arrived Resolved · yesterday',
    ]);
    expect(w.$('.p-ticket time')!.getAttribute('datetime')).toBe(invoice.updatedAt);

    await w.click(w.$$('.p-ticket')[1]!);
    await w.until(() => expect(w.sent('GET', '/conversations/c4/messages')).toHaveLength(1));
    expect(w.chat.state.get()).toMatchObject({ view: 'chat', current: { id: 'c4', reference: 1038 } });
    expect(w.$('.p-input')).not.toBeNull();
    // The thread says which request it is, and where it stands.
    expect(w.byText('#1038 · Parcel never arrived · Resolved')).not.toBeNull();
  });

  it('labels each status as the visitor reads it, in the list and atop the thread', async () => {
    const statuses: ConversationStatus[] = ['queued', 'open', 'snoozed', 'pending', 'resolved', 'closed'];
    const all = statuses.map((status, i) => ticket(`c${i + 1}`, 1001 + i, 'Parcel', status, hoursAgo(0)));
    const w = (mounted = await mountChat({
      stored: { token: 'tok-1' },
      answers: { 'GET /tickets': { body: { tickets: all } }, 'GET /conversations/c4/messages': { body: { messages: [], hasMore: false } } },
    }));
    act(() => w.chat.tickets());
    await w.until(() => expect(w.$$('.p-ticket').length).toBe(6));
    expect(w.$$('.p-ticket small').map((b) => b.textContent!.split(' · ')[0])).toEqual([
      'Waiting for our reply',
      'In progress',
      'In progress',
      'Waiting for your reply',
      'Resolved',
      'Closed',
    ]);
    await w.click(w.$$('.p-ticket')[3]!);
    await w.until(() => expect(w.byText('#1004 · Parcel · Waiting for your reply')).not.toBeNull());
  });

  it('says when the list cannot be loaded, and loads it again on Retry', async () => {
    let fail = true;
    const w = (mounted = await mountChat({ stored: { token: 'tok-1' }, answers: { 'GET /tickets': () => (fail ? error('internal', 500) : { body: { tickets: list } }) } }));
    await w.click(w.$('[aria-label="Past conversations"]'));
    await w.click(w.byText('Your requests'));
    await w.until(() => expect(w.$('.p-tickets [role=alert]')).not.toBeNull());
    fail = false;
    await w.click(w.byText('Retry'));
    await w.until(() => expect(w.$$('.p-ticket').length).toBe(2));
    expect(w.$('.p-tickets [role=alert]')).toBeNull();
  });

  it('says there are none for a visitor the server does not know yet, without asking it', async () => {
    const w = (mounted = await mountChat({ answers: tickets }));
    await w.click(w.$('[aria-label="Past conversations"]'));
    await w.click(w.byText('Your requests'));
    await w.until(() => expect(w.byText('No requests yet.')).not.toBeNull());
    expect(w.sent('GET', '/tickets')).toEqual([]);
    await w.click(w.byText('Send us a message'));
    await w.until(() => expect(w.$('#p-t-subject')).not.toBeNull());
  });
});

describe('a reply to a closed ticket', () => {
  it('shows the new ticket the server stored it in, linked to the closed one, and lists it in "Your requests"', async () => {
    const closed = ticket('c4', 1038, 'Parcel never arrived', 'closed', hoursAgo(30));
    const reopened = ticket('c5', 1043, 'Parcel never arrived', 'queued', hoursAgo(0));
    let conversations = [closed];
    let reply: Message | undefined;
    const line: Message = { ...visitorMessage(8, 'c5', 'This conversation is now request #1043: Parcel never arrived'), author: { type: 'system', name: null, avatarUrl: null } };
    const w = (mounted = await mountChat({
      stored: { token: 'tok-1', conversationId: 'c4' },
      answers: {
        'GET /conversations': () => ({ body: { conversations } }),
        'GET /conversations/c4/messages': { body: { messages: [], hasMore: false } },
        'POST /conversations/c4/messages': (body) => {
          conversations = [reopened, closed];
          reply = visitorMessage(7, 'c5', (body as { body: string }).body, (body as { clientId: string }).clientId);
          return { status: 201, body: reply };
        },
        'GET /conversations/c5/messages': () => ({ body: { messages: [reply, line], hasMore: false } }),
        'GET /tickets': () => ({ body: { tickets: conversations } }),
      },
    }));
    await w.until(() => expect(w.byText('#1038 · Parcel never arrived · Closed')).not.toBeNull());
    w.type('It arrived broken after all.');
    await w.enter();

    await w.until(() => expect(w.byText('#1043 · Parcel never arrived · Waiting for our reply')).not.toBeNull());
    expect(w.sent('POST', '/conversations/c5/messages')).toEqual([]);
    expect(w.chat.state.get().current?.id).toBe('c5');
    expect(w.stored()).toMatchObject({ conversationId: 'c5', outbox: [] });
    await w.until(() =>
      expect(w.$$('.p-visitor .p-bubble, .p-system').map((m) => m.textContent)).toEqual([
        'It arrived broken after all.',
        'This conversation is now request #1043: Parcel never arrived',
      ]),
    );

    await w.click(w.$('[aria-label="Past conversations"]'));
    await w.click(w.byText('Your requests'));
    await w.until(() => expect(w.$$('.p-ticket').map((b) => b.textContent!.split(' · ')[0])).toEqual(['#1043 Parcel never arrived Waiting for our reply', '#1038 Parcel never arrived Closed']));
  });
});

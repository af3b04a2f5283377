import { afterEach, describe, expect, it, vi } from 'vitest';
import { conversation } from '../test-fixtures';
import { error, mountChat, type Answers } from '../test-chat';

let mounted: Awaited<ReturnType<typeof mountChat>> | undefined;
/** A returning visitor with one past conversation, the history open. */
async function history(answers: Answers = {}) {
  const w = await mountChat({
    stored: { token: 'tok-1', visitorId: 'v1', conversationId: 'c1', unread: 2 },
    answers: { 'GET /conversations': { body: { conversations: [conversation('c1', 'resolved')] } }, 'GET /conversations/c1/messages': { body: { messages: [], hasMore: false } }, ...answers },
  });
  mounted = w;
  await w.click(w.$('.p-head .p-icon'));
  return w;
}
afterEach(() => {
  mounted?.unmount();
  vi.unstubAllGlobals();
});

describe('"Your data" in the history', () => {
  it('is offered only to a visitor the server knows', async () => {
    const w = (mounted = await mountChat({}));
    await w.click(w.$('.p-head .p-icon'));
    expect(w.$('.p-history')).not.toBeNull();
    expect(w.$('.p-data')).toBeNull();
    w.unmount();
    const known = await history();
    expect(known.$('.p-data h3')!.textContent).toBe('Your data');
  });

  it('mails the data to the email the visitor gave, and says where', async () => {
    const w = await history({ 'POST /visitor/export': { body: { email: 'ada@example.com' } } });
    await w.click(w.byText('Email me my data'));
    await w.until(() => expect(w.$('.p-data [role=status]')?.textContent).toBe('Sent to ada@example.com.'));
    expect(w.sent('POST', '/visitor/export')).toHaveLength(1);
  });

  it('asks for an email first when the visitor gave none, then sends there', async () => {
    let email = false;
    const w = await history({
      'PATCH /visitor': (body) => ((email ||= 'email' in (body as object)), { body: {} }),
      'POST /visitor/export': () => (email ? { body: { email: 'grace@example.com' } } : error('conflict', 409)),
    });
    await w.click(w.byText('Email me my data'));
    await w.until(() => expect(w.$('#p-data-email')).not.toBeNull());
    expect(w.$('label[for=p-data-email]')!.textContent).toBe('We need your email first: your data is sent there.');
    await w.until(() => expect(document.activeElement).toBe(w.$('#p-data-email')));
    w.type('grace@example.com', '#p-data-email');
    await w.click(w.$('.p-data .p-email button'));
    await w.until(() => expect(w.$('.p-data [role=status]')?.textContent).toBe('Sent to grace@example.com.'));
    expect(w.sent('PATCH', '/visitor').at(-1)!.body).toEqual({ email: 'grace@example.com' });
    expect(w.$('#p-data-email')).toBeNull();
  });

  it("shows the server's words when asked too often", async () => {
    const w = await history({ 'POST /visitor/export': { status: 429, body: { error: { code: 'rate_limited', message: 'Try again in an hour.' } } } });
    await w.click(w.byText('Email me my data'));
    await w.until(() => expect(w.$('.p-data [role=status]')?.textContent).toBe('Try again in an hour.'));
  });

  it('deletes nothing until confirmed, and Cancel puts the focus back', async () => {
    const w = await history();
    const ask = w.byText('Delete my conversation history')!;
    await w.click(ask);
    const group = w.$('.p-confirm[role=group]')!;
    expect(w.$(`#${group.getAttribute('aria-labelledby')}`)!.textContent).toBe('This permanently deletes your conversations and what you told us.');
    await w.until(() => expect(document.activeElement?.textContent).toBe('Cancel'));
    await w.click(w.byText('Cancel'));
    expect(w.$('.p-confirm')).toBeNull();
    await w.until(() => expect(document.activeElement?.textContent).toBe('Delete my conversation history'));
    expect(w.sent('DELETE', '/visitor')).toEqual([]);
  });

  it('once confirmed, erases the visitor and starts afresh: nothing stored, an empty chat, a new visitor next time', async () => {
    const w = await history();
    await w.click(w.byText('Delete my conversation history'));
    await w.click(w.byText('Delete'));
    await w.until(() => expect(w.$('.p-history')).toBeNull());
    expect(w.sent('DELETE', '/visitor')).toHaveLength(1);
    expect(w.calls.find((c) => c.method === 'DELETE')).toMatchObject({ path: '/visitor' });
    expect(localStorage.getItem('parley:site_test')).toBeNull();
    expect(w.$('.p-body [role=status]')!.textContent).toBe('Your conversation history was deleted.');
    expect(w.$$('.p-log .p-msg:not(.p-greeting)')).toHaveLength(0);
    expect(w.chat.state.get()).toMatchObject({ hasSession: false, current: null, conversations: [], view: 'chat' });

    w.type('Hello again');
    await w.click(w.$('.p-send'));
    await w.until(() => expect(w.sent('POST', '/conversations/c1/messages')).toHaveLength(1));
    const created = w.calls.findIndex((c) => c.path === '/visitors');
    expect(created).toBeGreaterThan(w.calls.findIndex((c) => c.method === 'DELETE'));
    expect(w.$('.p-body [role=status]')).toBeNull();
  });

  it('keeps everything when the server fails to erase, and says so', async () => {
    const w = await history({ 'DELETE /visitor': error('internal', 500) });
    await w.click(w.byText('Delete my conversation history'));
    await w.click(w.byText('Delete'));
    await w.until(() => expect(w.$('.p-confirm [role=alert]')?.textContent).toBe('Something went wrong. Please try again.'));
    expect(w.stored().token).toBe('tok-1');
    expect(w.$('.p-history')).not.toBeNull();
  });
});

// Longer than 300 lines: every case mounts the same inbox against one fake API and one fake
// stream (vi.mock is per file), so the fixtures above the cases are shared by all of them.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConversationDetail, EmailDelivery, InboxConversationList, InboxMessage, InboxMessagePage, InboxStreamEvent } from '@parley/protocol';
import { ApiError, del, get } from '../api';
import { SessionContext } from '../session';
import { connectStream } from '../stream';
import { FakeSource, receive, settle } from '../stream.fake';
import { chat, me, ticket, visitorMessage } from './conversations.fixture';
import { InboxView } from './inbox';

vi.mock('../api', async (original) => ({
  ...(await original<typeof import('../api')>()),
  get: vi.fn(async (path: string) => answer(path)),
  post: vi.fn(() => Promise.resolve()),
  del: vi.fn(() => Promise.resolve({ visitorId: 'v1', conversations: 2 })),
}));

const T = '2026-01-01T00:00:00.000Z';
const visitorSaid = (id: number, body: string, meta: InboxMessage['meta']) => visitorMessage('c1', id, body, meta);
const agentMailed = (id: number, emailDelivery: EmailDelivery): InboxMessage => ({
  ...visitorSaid(id, 'We sent the parcel again.', {}),
  author: { type: 'agent', name: 'Ada', avatarUrl: null },
  emailDelivery,
});
// A ticket (`ticket`) is listed only when tickets are asked for, so every other case sees the one chat.
const mailed = { to: 'grace@example.com', nextAttemptAt: null };
const detail: ConversationDetail = {
  conversation: chat,
  messages: [
    visitorSaid(101, 'From the widget', {}),
    visitorSaid(102, 'Here are the receipts', { channel: 'email', droppedAttachments: 2 }),
    visitorSaid(103, 'And one more thing', { channel: 'email' }),
    agentMailed(104, { ...mailed, status: 'sent', attempts: 2, error: null }),
    agentMailed(105, { ...mailed, status: 'retrying', attempts: 1, error: 'Message failed: 451 Try again later', nextAttemptAt: T }),
    agentMailed(106, { ...mailed, status: 'failed', attempts: 8, error: 'Message failed: 550 Mailbox unavailable' }),
    { ...visitorSaid(107, 'Refunds take 5 days.', { kind: 'answer', localFallback: 'daily_limit' }), author: { type: 'bot', name: null, avatarUrl: null } },
  ],
  hasOlder: true,
  visitor: { id: 'v1', userId: null, name: 'Grace', email: null, phone: null, locale: null, createdAt: T, lastSeenAt: null, pageUrl: null, pageSeenAt: null, browser: null, attributes: {} },
  pastConversations: [{ id: 'c0', status: 'resolved', createdAt: T, lastMessage: 'My parcel is late' }],
  visitorReadMessageId: null,
};
/** The page before the detail's first message: the conversation's first two. */
const earlier: InboxMessagePage = { messages: [visitorSaid(1, 'Where is my parcel?', {}), visitorSaid(2, 'Hello?', {})], hasOlder: false };
/** How many conversations are assigned to the agent, as the server counts them now. */
let mine = 1;
/** The agent's conversation (c1) is in Mine and in All; the queue is empty. */
const list = (path: string): InboxConversationList => ({
  conversations: path.includes('view=unassigned') ? [] : path.includes('kind=ticket') ? [ticket] : [chat],
  counts: { unassigned: 0, mine, unread: 0 },
});

/** Paths the server fails to answer, for as long as a test keeps them here. */
const unavailable = new Set<string>();

function answer(path: string): unknown {
  if (unavailable.has(path)) throw new ApiError(503, 'unavailable', 'The inbox is being upgraded, try again in a minute');
  if (path.startsWith('/conversations?')) return list(path);
  if (path === '/conversations/c1') return detail;
  if (path === '/conversations/c2') return { ...detail, conversation: ticket, visitor: { ...detail.visitor, ...ticket.visitor } };
  if (path === '/conversations/c1/messages?before=101') return earlier;
  if (path === '/team') return { agents: [] };
  if (path === '/canned') return { cannedResponses: [] };
  if (path === '/contacts/v1') return { id: 'v1', conversationCount: 2 };
  throw new Error(`unexpected GET ${path}`);
}

let root: HTMLElement;
let disconnect: () => void;

const paths = () => vi.mocked(get).mock.calls.map(([path]) => path);
const fetches = () => ({ list: paths().filter((p) => p.startsWith('/conversations?')).length, open: paths().filter((p) => p === '/conversations/c1').length });
const messageIn = (conversationId: string, id: number): InboxStreamEvent => ({
  id,
  type: 'message.created',
  conversationId,
  message: { id, conversationId, clientId: null, author: { type: 'visitor', name: null, avatarUrl: null }, body: 'Hello?', meta: {}, createdAt: T },
});

const session = { me, sites: { data: [], error: null, reload: () => Promise.resolve(), set: () => {} }, isAdmin: false, setMe: () => {}, logout: () => Promise.resolve() };
/** Shows the inbox at `conversationId`, as the app does for its address. */
async function openInbox(conversationId: string | null = 'c1', { isAdmin = false } = {}) {
  act(() =>
    render(
      <SessionContext.Provider value={{ ...session, isAdmin }}>
        <InboxView conversationId={conversationId} />
      </SessionContext.Provider>,
      root,
    ),
  );
  await settle();
}

/** What the server says first on a stream opened without a position. */
const live = () => receive({ id: 10, type: 'reset' });

beforeEach(async () => {
  vi.useFakeTimers();
  vi.stubGlobal('EventSource', FakeSource);
  disconnect = connectStream();
  live();
  root = document.createElement('div');
  await openInbox();
  vi.mocked(get).mockClear();
});
afterEach(() => {
  unavailable.clear();
  mine = 1;
  act(() => render(null, root));
  disconnect();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('the inbox on stream events', () => {
  it("refreshes the list but leaves the open conversation alone on another conversation's events", async () => {
    receive(messageIn('c2', 1), { type: 'bot.delta', conversationId: 'c2', replyTo: 1, text: 'Hi' });
    await settle();
    expect(fetches()).toEqual({ list: 1, open: 0 });
  });

  it('reloads the open conversation once per burst of its own events, and the list with it', async () => {
    receive(messageIn('c1', 2), { id: 3, type: 'conversation.read', conversationId: 'c1', reader: 'visitor', lastReadId: 2 });
    await settle();
    expect(fetches()).toEqual({ list: 1, open: 1 });
  });

  it("reloads the open conversation on events of the visitor's other conversations, for the sidebar", async () => {
    receive({
      id: 4,
      type: 'conversation.updated',
      conversationId: 'c0',
      conversation: { id: 'c0', kind: 'chat', subject: null, reference: null, status: 'open', createdAt: T, updatedAt: T, rating: null, visitorLastReadId: null, agentLastReadId: null },
      by: { type: 'visitor', agentId: null },
      changes: { status: { from: 'bot', to: 'open' } },
    });
    await settle();
    expect(fetches()).toEqual({ list: 1, open: 1 });
  });

  it("reloads the open conversation when its visitor's details change, and not for another visitor's", async () => {
    receive({ id: 5, type: 'contact.updated', visitorId: 'v9', fields: ['email'] });
    await settle();
    expect(fetches().open).toBe(0);
    receive({ id: 6, type: 'contact.updated', visitorId: 'v1', fields: ['name', 'attributes'] });
    await settle();
    expect(fetches().open).toBe(1);
  });

  it("reloads the open conversation when one of its WhatsApp messages moves on, and not for another conversation's", async () => {
    const delivery = { status: 'delivered', attempts: 1, error: null, nextAttemptAt: null } as const;
    receive({ id: 11, type: 'message.whatsapp', conversationId: 'c2', messageId: 7, delivery });
    await settle();
    expect(fetches().open).toBe(0);
    receive({ id: 12, type: 'message.whatsapp', conversationId: 'c1', messageId: 104, delivery });
    await settle();
    expect(fetches()).toEqual({ list: 2, open: 1 });
  });

  it('refetches nothing for typing or streamed bot text, even in the open conversation', async () => {
    receive({ type: 'typing', conversationId: 'c1', author: 'visitor', isTyping: true }, { type: 'bot.delta', conversationId: 'c1', replyTo: 2, text: 'Our hours' });
    await settle();
    expect(fetches()).toEqual({ list: 0, open: 0 });
    expect(root.querySelector('.typing')?.textContent).toBe('Visitor is typing…');
  });
});

describe('the transcript', () => {
  it('marks messages that came by email, with the attachments the mail had that are not shown', () => {
    const labels = [...root.querySelectorAll('.transcript .msg')].map((li) => [...li.querySelectorAll('.via')].map((v) => v.textContent));
    expect(labels).toEqual([[], ['via email', '2 attachments not shown'], ['via email'], [], [], [], []]);
  });

  it("says where each mailed reply's email stands: sent, being tried again and why, or given up", () => {
    const notes = [...root.querySelectorAll('[data-testid=email-delivery]')].map((n) => [n.getAttribute('data-status'), n.textContent]);
    expect(notes).toEqual([
      ['sent', 'Emailed to grace@example.com'],
      ['retrying', expect.stringMatching(/^Email to grace@example\.com not sent yet \(Message failed: 451 Try again later\), trying again at \d/)],
      ['failed', 'Email to grace@example.com failed after 8 attempts: Message failed: 550 Mailbox unavailable'],
    ]);
  });

  it("notes on a bot reply that it is the article because the site's Claude budget was spent", () => {
    const notes = [...root.querySelectorAll('.transcript .msg')].map((li) => li.querySelector('.local')?.textContent ?? null);
    expect(notes).toEqual([null, null, null, null, null, null, "Answered with the article: the site's Claude calls for today are spent"]);
  });
});

describe('a conversation longer than its first page', () => {
  const bodies = () => [...root.querySelectorAll('.transcript .msg .body')].map((b) => b.textContent);
  const earlierButton = () => [...root.querySelectorAll<HTMLButtonElement>('.transcript button')].find((b) => b.textContent === 'Load earlier messages');

  it('loads the earlier messages above on request, says so when that fails, and keeps them through a refresh', async () => {
    expect(bodies()).toHaveLength(7);
    unavailable.add('/conversations/c1/messages?before=101');
    act(() => earlierButton()!.click());
    await settle();
    expect(root.querySelector('.transcript [role=alert]')?.textContent).toBe('The inbox is being upgraded, try again in a minute');

    unavailable.clear();
    act(() => earlierButton()!.click());
    await settle();
    expect(bodies().slice(0, 3)).toEqual(['Where is my parcel?', 'Hello?', 'From the widget']);
    expect(bodies()).toHaveLength(9);
    expect(earlierButton()).toBeUndefined();
    expect(root.querySelector('.transcript [role=alert]')).toBeNull();

    receive(messageIn('c1', 200));
    await settle();
    expect(fetches().open).toBe(1);
    expect(bodies()).toHaveLength(9);
  });
});

describe('a conversation the server does not answer for', () => {
  const pane = () => root.querySelector('[aria-label=Conversation]')!;
  const shown = () => ({
    alert: pane().querySelector('[role=alert]')?.textContent ?? null,
    retry: [...pane().querySelectorAll('button')].some((b) => b.textContent === 'Retry'),
    messages: pane().querySelectorAll('.transcript .msg').length,
  });

  it('says why instead of loading forever, and shows the conversation once Retry gets through', async () => {
    act(() => render(null, root));
    unavailable.add('/conversations/c1');
    await openInbox();
    expect(shown()).toEqual({ alert: 'The inbox is being upgraded, try again in a minute', retry: true, messages: 0 });

    unavailable.clear();
    act(() => [...pane().querySelectorAll('button')].find((b) => b.textContent === 'Retry')!.click());
    await settle();
    expect(shown()).toEqual({ alert: null, retry: false, messages: 7 });
  });

  it('keeps the conversation on screen when a refresh fails, under the error', async () => {
    unavailable.add('/conversations/c1');
    receive(messageIn('c1', 4));
    await settle();
    expect(shown()).toEqual({ alert: 'The inbox is being upgraded, try again in a minute', retry: true, messages: 7 });
  });
});

describe('the stream', () => {
  /** Signed out and in again: a new stream, not yet live, and the inbox mounted meanwhile. */
  async function reopenInbox() {
    act(() => render(null, root));
    disconnect();
    disconnect = connectStream();
    await openInbox();
  }

  it('reads once the stream is live, which starts from the head, and only then', async () => {
    await reopenInbox();
    expect(FakeSource.current.url).toBe('/v1/inbox/stream');
    expect(fetches()).toEqual({ list: 0, open: 0 });
    live();
    await settle();
    expect(fetches()).toEqual({ list: 1, open: 1 });
  });

  it('loads the list and the open conversation again on a reset later on', async () => {
    receive({ id: 500, type: 'reset' });
    await settle();
    expect(fetches()).toEqual({ list: 1, open: 1 });
  });

  it('lets go of a stream another tab took over, and reopens it from where it was once the page is in use again', async () => {
    const replaced = FakeSource.current;
    receive(messageIn('c2', 42), { type: 'stream.replaced' });
    expect(replaced.readyState).toBe(FakeSource.CLOSED);
    act(() => void dispatchEvent(new Event('focus')));
    expect(FakeSource.current).not.toBe(replaced);
    expect(FakeSource.current.url).toBe('/v1/inbox/stream?lastEventId=42');
  });
});

describe('the view the inbox opens on', () => {
  const pressed = () => [...root.querySelectorAll('.views button[aria-pressed=true]')].map((b) => b.firstChild?.textContent);
  const views = () => paths().flatMap((p) => /view=(\w+)/.exec(p)?.[1] ?? []);

  it('is Mine when the agent has conversations assigned', () => {
    expect(pressed()).toEqual(['Mine']);
    expect(root.querySelectorAll('.list li')).toHaveLength(1);
  });

  it('is the queue when they have none, and Mine as soon as one is assigned to them, until they pick a view', async () => {
    mine = 0;
    act(() => render(null, root));
    await openInbox();
    expect(pressed()).toEqual(['Unassigned']);

    vi.mocked(get).mockClear();
    mine = 1;
    receive(messageIn('c1', 43));
    await settle();
    expect(pressed()).toEqual(['Mine']);
    expect(views()).toEqual(['unassigned', 'mine']);

    act(() => [...root.querySelectorAll<HTMLButtonElement>('.views button')].find((b) => b.firstChild?.textContent === 'Unassigned')!.click());
    await settle();
    receive(messageIn('c1', 44));
    await settle();
    expect(pressed()).toEqual(['Unassigned']);
  });
});

describe('an erased visitor', () => {
  const listed = () => [...root.querySelectorAll('.list li .who')].map((w) => w.textContent);
  const notice = () => root.querySelector('.pane [role=status]')?.textContent;
  const click = (text: string) => act(() => [...root.querySelectorAll('button')].find((b) => b.textContent === text)!.click());
  beforeEach(() => history.replaceState(null, '', '/inbox/c/c1'));

  it('is dropped from the list on the stream, and the open conversation of theirs is left with a notice, not fetched again', async () => {
    receive({ id: 7, type: 'contact.erased', visitorId: 'v9', conversationIds: ['c9'] });
    await settle();
    expect(location.pathname).toBe('/inbox/c/c1');
    expect(listed()).toEqual(['Grace']);

    receive({ id: 8, type: 'contact.erased', visitorId: 'v1', conversationIds: ['c1', 'c0'] });
    expect(location.pathname).toBe('/inbox/');
    await settle();
    expect(fetches()).toEqual({ list: 2, open: 0 });
    await openInbox(null);
    expect(notice()).toBe('This conversation was erased');
    // The server still lists c1 here: the inbox hides it whatever list comes, and counts come with the refetch.
    expect(listed()).toEqual([]);

    await openInbox('c1');
    expect(notice()).toBeUndefined();
  });

  it('offers an agent neither export nor erasure in the sidebar', () => {
    expect(root.querySelector('.sidebar')?.textContent).toContain('Grace');
    expect(root.querySelector('.sidebar a[download]')).toBeNull();
    expect(root.querySelector('.sidebar button.danger')).toBeNull();
  });

  it('is erased from the sidebar by an admin once confirmed, and the inbox leaves the conversation, saying so', async () => {
    await openInbox('c1', { isAdmin: true });
    expect(root.querySelector('.sidebar a[download]')?.getAttribute('href')).toBe('/v1/inbox/contacts/v1/export');
    click('Erase contact…');
    await settle();
    expect(root.querySelector('.sidebar [role=alertdialog]')?.textContent).toContain('their 2 conversations, messages and notes');
    expect(vi.mocked(del)).not.toHaveBeenCalled();
    click('Erase');
    await settle();
    expect(vi.mocked(del)).toHaveBeenCalledWith('/contacts/v1');
    expect(location.pathname).toBe('/inbox/');
    await openInbox(null, { isAdmin: true });
    expect(notice()).toBe('Contact erased, with 2 conversations');
    expect(listed()).toEqual([]);
  });
});

describe('tickets', () => {
  const kindFilter = () => [...root.querySelectorAll<HTMLLabelElement>('.views label')].find((l) => l.firstChild?.textContent === 'Kind')!.querySelector('select')!;
  const choose = (select: HTMLSelectElement, value: string) =>
    act(() => {
      select.value = value;
      select.dispatchEvent(new Event('change'));
    });
  const rows = () => [...root.querySelectorAll('.list li')].map((li) => ({ title: li.querySelector('.subject')?.textContent ?? null, who: li.querySelector('.who')?.textContent }));

  it('are listed alone under Kind: Tickets, each with its reference and subject over the visitor; a chat has no title line', async () => {
    expect(rows()).toEqual([{ title: null, who: 'Grace' }]);
    expect([...kindFilter().options].map((o) => o.textContent)).toEqual(['All', 'Chats', 'Tickets']);

    choose(kindFilter(), 'ticket');
    await settle();
    expect(paths().filter((p) => p.startsWith('/conversations?'))).toEqual(['/conversations?view=mine&limit=100&kind=ticket']);
    expect(rows()).toEqual([{ title: 'Ticket #1042 Refund for order <77>', who: 'Linus' }]);

    vi.mocked(get).mockClear();
    choose(kindFilter(), '');
    await settle();
    expect(paths().filter((p) => p.startsWith('/conversations?'))).toEqual(['/conversations?view=mine&limit=100']);
  });

  it('shows the reference and subject, as text, at the head of an open ticket, and who it is from', async () => {
    await openInbox('c2');
    expect(root.querySelector('.pane-head h2')?.textContent).toBe('#1042 · Refund for order <77>');
    expect(root.querySelector('.pane-head .from')?.textContent).toBe('Linus');
  });

  it('leaves the head of a chat as it was: the visitor', () => {
    expect(root.querySelector('.pane-head h2')?.textContent).toBe('Grace');
    expect(root.querySelector('.pane-head .from')).toBeNull();
  });
});

import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConversationDetail, InboxStreamEvent, TicketCounts } from '@parley/protocol';
import { get } from '../../api';
import { SessionContext } from '../../session';
import { connectStream } from '../../stream';
import { FakeSource, receive, settle } from '../../stream.fake';
import { chat, me, ticket } from '../conversations.fixture';
import { TicketsView } from './tickets';

vi.mock('../../api', async (original) => ({ ...(await original<typeof import('../../api')>()), get: vi.fn(async (path: string) => answer(path)) }));

const counts: TicketCounts = { open: 5, unassigned: 2, inProgress: 3, waiting: 4, resolved: 6, closed: 7 };
const detail: ConversationDetail = {
  conversation: ticket,
  messages: [],
  hasOlder: false,
  visitor: { id: 'v2', userId: null, name: 'Linus', email: null, phone: null, locale: null, createdAt: chat.createdAt, lastSeenAt: null, pageUrl: null, pageSeenAt: null, browser: null, attributes: {} },
  pastConversations: [],
  visitorReadMessageId: null,
};

function answer(path: string): unknown {
  if (path.startsWith('/conversations?')) return { conversations: [ticket], counts: { unassigned: 0, mine: 0, unread: 0 } };
  if (path.startsWith('/tickets/counts')) return counts;
  if (path === '/conversations/c2') return detail;
  if (path === '/team') return { agents: [{ id: 'a2', name: 'Grace', role: 'agent', presence: 'online', maxChats: 5, avatarUrl: null, load: 1 }] };
  if (path === '/canned') return { cannedResponses: [] };
  throw new Error(`unexpected GET ${path}`);
}

// Two sites: the view offers the site filter.
const sites = [
  { id: 's1', name: 'Shop', publicKey: 'pk_1' },
  { id: 's2', name: 'Outlet', publicKey: 'pk_2' },
];
const session = { me, sites: { data: sites, error: null, reload: () => Promise.resolve(), set: () => {} }, isAdmin: false, setMe: () => {}, logout: () => Promise.resolve() };

let root: HTMLElement;
let disconnect: () => void;
const paths = () => vi.mocked(get).mock.calls.map(([path]) => path);
const lists = () => paths().filter((p) => p.startsWith('/conversations?'));
const countReads = () => paths().filter((p) => p.startsWith('/tickets/counts'));
const show = async (ticketId: string | null = null) => {
  act(() =>
    render(
      <SessionContext.Provider value={session}>
        <TicketsView ticketId={ticketId} />
      </SessionContext.Provider>,
      root,
    ),
  );
  await settle();
};
const select = (label: string) => [...root.querySelectorAll('aside label')].find((l) => l.firstChild?.textContent === label)!.querySelector('select, input') as HTMLSelectElement | HTMLInputElement;
const choose = (label: string, value: string) =>
  act(() => {
    select(label).value = value;
    select(label).dispatchEvent(new Event('change'));
  });
const countButtons = () => [...root.querySelectorAll<HTMLButtonElement>('[aria-label="Tickets by status"] button')];
const countsShown = () => countButtons().map((b) => [b.textContent, b.getAttribute('aria-pressed')]);
const clickCount = (label: string) => act(() => countButtons().find((b) => b.textContent!.endsWith(label))!.click());

beforeEach(async () => {
  vi.useFakeTimers();
  vi.stubGlobal('EventSource', FakeSource);
  disconnect = connectStream();
  receive({ id: 10, type: 'reset' });
  root = document.createElement('div');
  await show();
});
afterEach(() => {
  act(() => render(null, root));
  disconnect();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  vi.mocked(get).mockClear();
});

describe('the Tickets view', () => {
  it("lists every ticket, whoever has it, each opening in the view, under the team's counts", () => {
    expect(lists()).toEqual(['/conversations?view=all&kind=ticket&limit=100']);
    expect(countReads()).toEqual(['/tickets/counts']);
    expect(countsShown()).toEqual([
      ['5 Open', null],
      ['2 Unassigned', 'false'],
      ['3 In progress', 'false'],
      ['4 Waiting on customer', 'false'],
      ['6 Resolved', 'false'],
      ['7 Closed', 'false'],
    ]);
    const row = root.querySelector('.list a.row')!;
    expect([row.querySelector('.subject')!.textContent, row.getAttribute('href'), row.querySelector('.status')!.textContent]).toEqual([
      'Ticket #1042 Refund for order <77>',
      '/inbox/tickets/c2',
      'In progress',
    ]);
  });

  it('asks for the tickets and the counts the filters let through, the status for the tickets only', async () => {
    vi.mocked(get).mockClear();
    choose('Priority', 'urgent');
    choose('Category', ' Billing ');
    choose('Assignee', 'a2');
    choose('Site', 's2');
    await settle();
    choose('Status', 'pending');
    await settle();
    expect(lists().at(-1)).toBe('/conversations?view=all&kind=ticket&limit=100&status=pending&priority=urgent&category=Billing&assigneeId=a2&siteId=s2');
    expect(countReads().at(-1)).toBe('/tickets/counts?priority=urgent&category=Billing&assigneeId=a2&siteId=s2');
    // Picking a status changes what is listed, never the counts: they are by status already.
    expect(new Set(countReads()).size).toBe(countReads().length);
    expect(countReads().filter((p) => p.includes('status'))).toEqual([]);
  });

  it('sets the status filter from a count, and Open clears it', async () => {
    const statusSelect = () => select('Status') as HTMLSelectElement;
    const cases: Array<[string, string]> = [
      ['Unassigned', 'queued'],
      ['In progress', 'open'],
      ['Waiting on customer', 'pending'],
      ['Resolved', 'resolved'],
      ['Closed', 'closed'],
    ];
    for (const [label, status] of cases) {
      clickCount(label);
      await settle();
      expect([lists().at(-1), statusSelect().value]).toEqual([`/conversations?view=all&kind=ticket&limit=100&status=${status}`, status]);
      expect(countsShown().find(([text]) => text!.endsWith(label))![1]).toBe('true');
    }
    clickCount('Open');
    await settle();
    expect([lists().at(-1), statusSelect().value]).toEqual(['/conversations?view=all&kind=ticket&limit=100', '']);
    expect(countsShown().filter(([, pressed]) => pressed === 'true')).toEqual([]);
  });

  it('reads the tickets and the counts again on a change the stream brings', async () => {
    vi.mocked(get).mockClear();
    const updated: InboxStreamEvent = {
      id: 11,
      type: 'conversation.updated',
      conversationId: 'c2',
      conversation: { id: 'c2', kind: 'ticket', subject: ticket.subject, reference: 1042, status: 'pending', createdAt: chat.createdAt, updatedAt: chat.updatedAt, rating: null, visitorLastReadId: null, agentLastReadId: null },
      by: { type: 'agent', agentId: 'a1' },
      changes: { status: { from: 'open', to: 'pending' } },
    };
    receive(updated, { ...updated, id: 12 });
    await settle();
    expect([lists().length, countReads().length]).toEqual([1, 1]);
  });

  it('opens a ticket in the conversation pane beside the list', async () => {
    await show('c2');
    expect(root.querySelector('.pane-head h2')!.textContent).toBe('#1042 · Refund for order <77>');
    expect(root.querySelector('.list a.row')!.getAttribute('aria-current')).toBe('page');
  });
});

import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InboxStreamEvent, TicketCounts } from '@parley/protocol';
import { ApiError, get } from '../../api';
import { connectStream } from '../../stream';
import { FakeSource, receive, settle } from '../../stream.fake';
import { TicketsBadge } from './badge';

vi.mock('../../api', async (original) => ({ ...(await original<typeof import('../../api')>()), get: vi.fn() }));

const initial: TicketCounts = { open: 3, unassigned: 1, inProgress: 2, waiting: 2, resolved: 9, closed: 4 };
let counts = initial;
let root: HTMLElement;
let disconnect: () => void;
const reads = () => vi.mocked(get).mock.calls.length;
const badge = () => root.querySelector<HTMLAnchorElement>('a.tickets-badge');
const updated = (id: number, kind: 'chat' | 'ticket'): InboxStreamEvent => ({
  id,
  type: 'conversation.updated',
  conversationId: `c${id}`,
  conversation: { id: `c${id}`, kind, subject: null, reference: null, status: 'queued', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', rating: null, visitorLastReadId: null, agentLastReadId: null },
  by: { type: 'visitor', agentId: null },
  changes: null,
});

beforeEach(async () => {
  vi.useFakeTimers();
  vi.stubGlobal('EventSource', FakeSource);
  counts = initial;
  vi.mocked(get).mockImplementation(async () => counts);
  disconnect = connectStream();
  receive({ id: 10, type: 'reset' });
  root = document.createElement('div');
  act(() => render(<TicketsBadge />, root));
  await settle();
});
afterEach(() => {
  act(() => render(null, root));
  disconnect();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  vi.mocked(get).mockReset();
});

describe("the header's tickets badge", () => {
  it('says how many tickets are open, unassigned and waiting on the customer, and leads to the Tickets view', () => {
    expect(vi.mocked(get)).toHaveBeenCalledWith('/tickets/counts');
    expect(badge()!.getAttribute('aria-label')).toBe('Tickets: 3 open, 1 unassigned, 2 waiting on customer');
    expect(badge()!.textContent).toBe('3 open · 1 unassigned · 2 waiting');
    expect(badge()!.getAttribute('href')).toBe('/inbox/tickets');
  });

  it("counts again when a ticket changes, not for a chat's changes or messages", async () => {
    receive(updated(11, 'chat'), { id: 12, type: 'message.created', conversationId: 'c11', message: { id: 1, conversationId: 'c11', clientId: null, author: { type: 'visitor', name: null, avatarUrl: null }, body: 'Hi', meta: {}, createdAt: '2026-01-01T00:00:00.000Z' } });
    await settle();
    expect(reads()).toBe(1);

    counts = { ...counts, open: 4, unassigned: 2 };
    receive(updated(13, 'ticket'));
    await settle();
    expect(reads()).toBe(2);
    expect(badge()!.getAttribute('aria-label')).toBe('Tickets: 4 open, 2 unassigned, 2 waiting on customer');
  });

  it('says when the counts did not load, and shows them once Retry gets through', async () => {
    act(() => render(null, root));
    vi.mocked(get).mockRejectedValueOnce(new ApiError(503, 'unavailable', 'The inbox is being upgraded'));
    act(() => render(<TicketsBadge />, root));
    await settle();
    expect(root.querySelector('[role=alert]')!.textContent).toBe('Ticket counts did not load: The inbox is being upgraded');
    expect(badge()).toBeNull();
    act(() => root.querySelector('button')!.click());
    await settle();
    expect(root.querySelector('[role=alert]')).toBeNull();
    expect(badge()).not.toBeNull();
  });
});

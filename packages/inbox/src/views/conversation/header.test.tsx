import { render } from 'preact';
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConversationPatchBody, InboxConversation, Team } from '@parley/protocol';
import { ApiError, patch } from '../../api';
import type { Load } from '../../load';
import { SessionContext } from '../../session';
import { chat, me, ticket, whatsappChat } from '../conversations.fixture';
import { ConversationHeader } from './header';

vi.mock('../../api', async (original) => ({ ...(await original<typeof import('../../api')>()), patch: vi.fn() }));

const team: Load<Team> = { data: { agents: [] }, error: null, reload: () => Promise.resolve(), set: () => {} };
const session = { me, sites: { data: [], error: null, reload: () => Promise.resolve(), set: () => {} }, isAdmin: false, setMe: () => {}, logout: () => Promise.resolve() };

/** The header over a conversation that takes what the server answers, as the pane does. */
function Pane({ start }: { start: InboxConversation }) {
  const [c, setC] = useState(start);
  return <ConversationHeader conversation={c} team={team} onUpdated={setC} />;
}

let root: HTMLElement;
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));
const show = async (c: InboxConversation) => {
  act(() =>
    render(
      <SessionContext.Provider value={session}>
        <Pane start={c} />
      </SessionContext.Provider>,
      root,
    ),
  );
  await settle();
};
const buttons = () => [...root.querySelectorAll<HTMLButtonElement>('.lifecycle button')].map((b) => b.textContent);
const button = (text: string) => [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === text)!;
const click = async (text: string) => {
  act(() => button(text).click());
  await settle();
};
const status = () => root.querySelector('[data-testid=conversation-status]')!.textContent;
const field = () => root.querySelector<HTMLTextAreaElement | HTMLInputElement>('form.ask textarea, form.ask input')!;
const type = (value: string) =>
  act(() => {
    field().value = value;
    field().dispatchEvent(new Event('input', { bubbles: true }));
  });
// patch's body type is named at each call, so its mock does not know it.
const sent = () => vi.mocked(patch).mock.calls as unknown as Array<[string, ConversationPatchBody]>;

beforeEach(() => {
  root = document.body.appendChild(document.createElement('div'));
  // The server applies the change as asked (a question sent leaves the ticket waiting on the customer).
  vi.mocked(patch).mockImplementation(async (path: string, body: object) => {
    const { question: _question, subject, ...change } = body as ConversationPatchBody;
    const c = path.endsWith('/c1') ? chat : ticket;
    return { ...c, ...change, ...(subject ? { subject, reference: 1043 } : {}) };
  });
});
afterEach(() => {
  act(() => render(null, root));
  root.remove();
  vi.mocked(patch).mockReset();
});

describe("a ticket's header", () => {
  it('names its statuses as the team speaks of them', async () => {
    const cases: Array<[Partial<InboxConversation>, string]> = [
      [{ status: 'queued', assignee: null }, 'Unassigned'],
      [{ status: 'queued' }, 'Submitted'],
      [{ status: 'open' }, 'In progress'],
      [{ status: 'pending' }, 'Waiting on customer'],
      [{ status: 'resolved' }, 'Resolved'],
      [{ status: 'closed' }, 'Closed'],
    ];
    const shown = [];
    for (const [change] of cases) {
      await show({ ...ticket, ...change });
      shown.push(status());
      act(() => render(null, root));
    }
    expect(shown).toEqual(cases.map(([, label]) => label));
  });

  it('sets it waiting on the customer only with the question they are asked, which is required', async () => {
    await show(ticket);
    expect(buttons()).toEqual(['Waiting on customer…', 'Resolve', 'Close', 'Turn into chat']);
    await click('Waiting on customer…');
    expect(root.querySelector('form.ask label')!.textContent).toBe('Question for the customer');
    expect(field().required).toBe(true);
    expect(button('Ask and wait').disabled).toBe(true);
    type('   ');
    expect(button('Ask and wait').disabled).toBe(true);
    act(() => void root.querySelector('form.ask')!.dispatchEvent(new Event('submit', { cancelable: true })));
    await settle();
    expect(patch).not.toHaveBeenCalled();

    type('  Which address should the invoice show?\n');
    expect(button('Ask and wait').disabled).toBe(false);
    await click('Ask and wait');
    expect(sent()).toEqual([['/conversations/c2', { status: 'pending', question: 'Which address should the invoice show?' }]]);
    expect(status()).toBe('Waiting on customer');
    expect(root.querySelector('form.ask')).toBeNull();
    expect(buttons()).toEqual(['Resolve', 'Close', 'Turn into chat']);
  });

  it('keeps the question on screen, under the reason, when the server refuses it', async () => {
    vi.mocked(patch).mockRejectedValue(new ApiError(400, 'invalid_request', 'status: "pending" is for tickets only'));
    await show(ticket);
    await click('Waiting on customer…');
    type('Which address?');
    await click('Ask and wait');
    expect(root.querySelector('[role=alert]')!.textContent).toBe('status: "pending" is for tickets only');
    expect(field().value).toBe('Which address?');
    expect(button('Ask and wait').disabled).toBe(false);
  });

  it('closes it, then offers only to reopen it', async () => {
    await show(ticket);
    await click('Close');
    expect(sent()).toEqual([['/conversations/c2', { status: 'closed' }]]);
    expect(status()).toBe('Closed');
    expect(buttons()).toEqual(['Reopen']);
    expect(root.querySelector('[aria-label=Snooze]')).toBeNull();
    await click('Reopen');
    expect(sent()[1]).toEqual(['/conversations/c2', { status: 'open' }]);
    expect(status()).toBe('In progress');
  });

  it('turns it back into a chat', async () => {
    await show(ticket);
    await click('Turn into chat');
    expect(sent()).toEqual([['/conversations/c2', { kind: 'chat' }]]);
  });

  it('links the closed ticket it follows up', async () => {
    await show({ ...ticket, followsUp: { id: 'c0', reference: 1001 } });
    const link = root.querySelector<HTMLAnchorElement>('a.follows-up')!;
    expect([link.textContent, link.getAttribute('href')]).toEqual(['Follows up #1001', '/inbox/tickets/c0']);
  });
});

describe("a chat's header", () => {
  it('turns the chat into a ticket under the subject the agent gives, and then shows it as one', async () => {
    await show(chat);
    expect(buttons()).toEqual(['Resolve', 'Turn into ticket…']);
    expect(root.querySelector('a.follows-up')).toBeNull();
    await click('Turn into ticket…');
    expect(button('Turn into ticket').disabled).toBe(true);
    type('Invoice shows the wrong address');
    await click('Turn into ticket');
    expect(sent()).toEqual([['/conversations/c1', { kind: 'ticket', subject: 'Invoice shows the wrong address' }]]);
    expect(root.querySelector('h2')!.textContent).toBe('#1043 · Invoice shows the wrong address');
    expect(buttons()).toEqual(['Waiting on customer…', 'Resolve', 'Close', 'Turn into chat']);
  });
});

describe("a WhatsApp conversation's header", () => {
  it("says it is on WhatsApp, and on which of the site's numbers; a widget chat says nothing of its channel", async () => {
    await show(whatsappChat);
    expect(root.querySelector('.pane-head [data-testid=whatsapp-mark]')!.textContent).toBe('WhatsApp, number +1 555 0100');
    act(() => render(null, root));
    await show(chat);
    expect(root.querySelector('[data-testid=whatsapp-mark]')).toBeNull();
  });
});

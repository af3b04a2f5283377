import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { ConversationList } from './conversation-list';
import { chat, whatsappChat } from './conversations.fixture';

let root: HTMLElement;
afterEach(() => act(() => render(null, root)));

describe('the conversation list', () => {
  it("marks a WhatsApp customer's conversation with the site's number they wrote to, and a widget chat not at all", () => {
    root = document.createElement('div');
    act(() => render(<ConversationList conversations={[chat, whatsappChat, { ...whatsappChat, id: 'c4', whatsapp: null }]} erased={new Set()} openId={null} linkTo={(id) => `/c/${id}`} />, root));
    const marks = [...root.querySelectorAll('li')].map((li) => li.querySelector('[data-testid=whatsapp-mark]')?.textContent ?? null);
    expect(marks).toEqual([null, 'WhatsApp, number +1 555 0100', 'WhatsApp']);
    // The word names it, for screen readers too: the icon is hidden from them.
    expect(root.querySelector('[data-testid=whatsapp-mark] svg')?.getAttribute('aria-hidden')).toBe('true');
    expect(root.querySelector('[data-testid=whatsapp-mark] .sr-only')?.textContent).toBe(', number');
  });
});

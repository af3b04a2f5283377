import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import type { Chat } from '../chat';
import { en } from '../i18n';
import type { ChatState } from '../state';
import { Store } from '../store';
import { ChatContext } from './context';
import { Panel } from './Panel';

function privacyLink(privacyUrl: string | null): HTMLAnchorElement | null {
  const state = new Store<ChatState>({
    strings: en, locale: 'en', open: true, view: 'chat', hasSession: true, conversations: [], queue: null, pending: [], typing: false,
    online: true, teaser: null, judged: [], rated: false, emailSaved: null, prefill: '', helpSession: '', consent: null, notice: null, error: null, drafts: [], messages: [], current: null,
  });
  const config = { texts: { title: 'Shop', greeting: 'Hi!', privacyUrl }, contactFields: { name: 'optional', email: 'optional', phone: 'hidden' } };
  const chat = { state, host: { config } } as unknown as Chat;
  const el = document.createElement('div');
  act(() => render(<ChatContext.Provider value={chat}><Panel /></ChatContext.Provider>, el));
  return el.querySelector('.p-privacy a');
}

describe('the privacy line', () => {
  it('links to an http(s) privacy page', () => {
    expect(privacyLink('https://shop.example/privacy')?.getAttribute('href')).toBe('https://shop.example/privacy');
  });

  it.each(['javascript:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', ' javascript:alert(1)'])('never renders %j as a link', (url) => {
    expect(privacyLink(url)).toBeNull();
  });
});

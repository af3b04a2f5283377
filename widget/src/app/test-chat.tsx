import type { Message, VisitorProfile, WidgetConfig } from '@parley/protocol';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { vi } from 'vitest';
import type { Host } from '../shared/contract';
import { createChat } from './chat';
import type { Stored } from './session';
import { conversation } from './test-fixtures';
import { ChatContext } from './ui/context';
import { Panel } from './ui/Panel';

/*
 * The real chat and panel over a fake server, for the app's component tests (product code
 * never imports this file): `answers` replace the server's answer to `METHOD /path` (the
 * path after /v1/widget, without its query); `calls` is every request, in order.
 */

export interface Answer {
  status?: number;
  body?: unknown;
}
export type Answers = Record<string, Answer | ((body: unknown, query: URLSearchParams) => Answer)>;
export interface Call {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
  query: URLSearchParams;
}

export const SITE = 'site_test';
export const profile = (over: Partial<VisitorProfile> = {}): VisitorProfile => ({
  visitorId: 'v1', userId: null, name: null, email: null, phone: null, locale: 'en', attributes: {}, consentVersion: null, ...over,
});
const message = (id: number, body: Record<string, unknown>): Message => ({
  id, conversationId: 'c1', clientId: body.clientId as string, author: { type: 'visitor', name: null, avatarUrl: null }, body: body.body as string, meta: {},
  createdAt: '2026-01-01T10:00:00.000Z',
});
const refused = (code: string, status: number): Answer => ({ status, body: { error: { code, message: `refused: ${code}` } } });
export const consentRequired = refused('consent_required', 403);
export const error = refused;

class FakeEventSource {
  static OPEN = 1;
  readyState = 0;
  close() {}
}

export async function mountChat(
  opts: {
    consent?: WidgetConfig['consent'];
    stored?: Partial<Stored>;
    answers?: Answers;
    contact?: 'required' | 'optional';
    opens?: 'chat' | 'help';
    categories?: string[];
    whenOffline?: WidgetConfig['tickets']['whenOffline'];
    agentsOnline?: boolean;
  } = {},
) {
  localStorage.clear();
  if (opts.stored) localStorage.setItem(`parley:${SITE}`, JSON.stringify(opts.stored));
  const calls: Call[] = [];
  let messageId = 0;
  const answers: Answers = {
    'GET /conversations': { body: { conversations: [] } },
    'POST /visitors': { status: 201, body: { visitorId: 'v1', token: 'tok-new', eventCursor: 0 } },
    'POST /conversations': { status: 201, body: conversation('c1') },
    'POST /conversations/c1/messages': (body) => ({ status: 201, body: message(++messageId, body as Record<string, unknown>) }),
    'GET /visitor': { body: profile() },
    'PATCH /visitor': { body: profile() },
    ...opts.answers,
  };
  vi.stubGlobal('EventSource', FakeEventSource);
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const { pathname, searchParams: query } = new URL(url);
    const path = pathname.slice('/v1/widget'.length);
    const body = init.body ? (JSON.parse(init.body as string) as Record<string, unknown>) : undefined;
    calls.push({ method: init.method!, path, body, query });
    const found = answers[`${init.method} ${path}`] ?? { status: 204 };
    const answer = typeof found === 'function' ? found(body, query) : found;
    const status = answer.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(answer.body ?? {}), { status, headers: { 'content-type': 'application/json' } });
  });

  const el = document.createElement('div');
  document.body.append(el);
  const fields = opts.contact ?? 'optional';
  const config = {
    site: { key: SITE, name: 'Shop' },
    theme: { color: '#1f6feb', position: 'right' },
    texts: { title: 'Shop', greeting: 'Hi!', privacyUrl: null },
    contactFields: { name: 'hidden', email: fields, phone: 'hidden' },
    locale: null,
    agentsOnline: opts.agentsOnline ?? true,
    help: { url: 'https://parley.test/help/pk_shop/', opens: opts.opens ?? 'chat' },
    tickets: { categories: opts.categories ?? ['Billing', 'Delivery'], whenOffline: opts.whenOffline ?? 'both' },
    consent: opts.consent ?? null,
  } satisfies WidgetConfig;
  const warnings: unknown[] = [];
  const host = {
    mount: el, style() {}, config, api: 'https://parley.test', site: SITE, locale: 'en', open() {}, close() {}, emit() {}, setUnread() {}, label() {},
    warn: (e: unknown) => warnings.push(e),
  } satisfies Host;
  const chat = createChat(host);
  act(() => render(<ChatContext.Provider value={chat}><Panel /></ChatContext.Provider>, el));
  await act(() => chat.start());
  act(() => chat.setOpen(true));

  const $ = <T extends Element = HTMLElement>(selector: string) => el.querySelector<T>(selector);
  const $$ = (selector: string) => [...el.querySelectorAll<HTMLElement>(selector)];
  const byText = (text: string) => [...el.querySelectorAll<HTMLElement>('button, label, p')].find((e) => e.textContent?.trim() === text) ?? null;
  return {
    el, chat, calls, warnings, $, $$, byText,
    /** Waits until `check` passes (outside act, which would hold renders back until it ends). */
    until: (check: () => void) => vi.waitFor(check, { timeout: 2000, interval: 5 }),
    click: (target: Element | null) => act(() => (target as HTMLElement).click()),
    /** Types `text` into the field `selector` finds (the composer by default). */
    type(text: string, selector = '.p-input') {
      const input = $<HTMLInputElement>(selector)!;
      act(() => {
        input.value = text;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
    },
    /** Enter in the composer. */
    enter: () => act(() => void $('.p-input')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }))),
    stored: () => JSON.parse(localStorage.getItem(`parley:${SITE}`) ?? '{}') as Partial<Stored>,
    sent: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path),
    unmount: () => {
      act(() => render(null, el));
      el.remove();
    },
  };
}

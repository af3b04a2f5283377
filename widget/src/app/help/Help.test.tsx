// Played videos are iframes: happy-dom would fetch the provider's page for them.
// @vitest-environment-options {"settings": {"disableIframePageLoading": true}}
import type { ArticleSummary, HelpCategoryPage, HelpHome, PublicArticle } from '@parley/protocol';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountChat, type Answers } from '../test-chat';

const summary = (id: string, title: string): ArticleSummary => ({ id, title, category: 'Orders', snippet: `About ${title.toLowerCase()}…` });
const shipping = summary('art_ship', 'Shipping times');
const refunds = summary('art_refund', 'Refunds');
const home: HelpHome = {
  url: 'https://parley.test/help/pk_shop/',
  lang: 'en',
  categories: [{ slug: 'orders', name: 'Orders', description: 'Tracking, returns', articles: 2 }],
  popular: [shipping],
};
const article = (s: ArticleSummary): PublicArticle => ({ id: s.id, title: s.title, body: 'Orders ship within **2 working days**.', category: 'Orders', locale: 'en', updatedAt: '2026-01-01T10:00:00.000Z' });
const help: Answers = {
  'GET /help': { body: home },
  'GET /help/categories/orders': { body: { category: home.categories[0]!, articles: [shipping, refunds] } satisfies HelpCategoryPage },
  'GET /help/search': (_, q) => ({ body: { articles: q.get('q') === 'refund' ? [refunds] : [] } }),
  'GET /help/articles/art_ship': { body: article(shipping) },
  'GET /help/articles/art_refund': { body: article(refunds) },
  'POST /articles/art_ship/feedback': { body: { helpful: true, counted: true } },
};

let mounted: Awaited<ReturnType<typeof mountChat>> | undefined;
afterEach(() => {
  mounted?.unmount();
  vi.unstubAllGlobals();
});

/** The panel on its Help tab, the home loaded. */
async function openHelp(opts: Parameters<typeof mountChat>[0] = {}) {
  const w = (mounted = await mountChat({ ...opts, answers: { ...help, ...opts.answers } }));
  if (w.chat.state.get().view !== 'help') await w.click(w.$('#p-tab1'));
  await w.until(() => expect(w.$('.p-help h3')?.textContent).toBe('Popular articles'));
  return w;
}
/** The headings and links the Help view shows now, in order. */
const titles = (w: Awaited<ReturnType<typeof openHelp>>) => w.$$('.p-help > div:not([hidden]) h3, .p-help > div:not([hidden]) .p-links b').map((e) => e.textContent);

describe('the Help view', () => {
  it('shows popular articles and categories with their counts, on the site key before any visitor exists', async () => {
    const w = await openHelp();
    expect(w.$$('.p-links b').map((b) => b.textContent)).toEqual(['Shipping times', 'Orders']);
    expect(w.$$('.p-links span').map((b) => b.textContent)).toEqual(['About shipping times…', 'Articles: 2']);
    const query = w.sent('GET', '/help')[0]!.query;
    expect([query.get('lang'), query.get('site')]).toEqual(['en', 'site_test']);
    // One help visit for the page load, named on every request of it.
    expect(query.get('session')).toMatch(/^hs_[\da-z]{16}$/);
    expect(w.sent('POST', '/visitors')).toEqual([]);
    const center = w.$<HTMLAnchorElement>('.p-center')!;
    expect([center.href, center.target, center.rel]).toEqual(['https://parley.test/help/pk_shop/', '_blank', 'noopener noreferrer']);
  });

  it('searches once the visitor pauses typing, and lists what it finds', async () => {
    const w = await openHelp();
    for (const text of ['r', 're', 'ref', 'refund']) w.type(text, '.p-search');
    expect(w.sent('GET', '/help/search')).toEqual([]);
    await w.until(() => expect(titles(w)).toEqual(['Refunds']));
    expect(w.sent('GET', '/help/search').map((c) => c.query.get('q'))).toEqual(['refund']);
    w.type('', '.p-search');
    expect(titles(w)).toEqual(['Popular articles', 'Shipping times', 'Categories', 'Orders']);
  });

  it('opens an article in the panel, and Back returns to the search as the visitor left it', async () => {
    const w = await openHelp();
    w.type('refund', '.p-search');
    await w.until(() => expect(titles(w)).toEqual(['Refunds']));
    await w.click(w.$('.p-links button'));
    await w.until(() => expect(w.$('article h3')?.textContent).toBe('Refunds'));
    expect(w.$('article .p-article strong')!.textContent).toBe('2 working days');
    await w.until(() => expect(document.activeElement).toBe(w.$('article h3')));
    await w.click(w.byText('Back'));
    expect(w.$('article')).toBeNull();
    expect(w.$<HTMLInputElement>('.p-search')!.value).toBe('refund');
    expect(titles(w)).toEqual(['Refunds']);
  });

  it("lists a category's articles, and Back from an article returns to the category", async () => {
    const w = await openHelp();
    await w.click(w.$$('.p-links button')[1]!);
    await w.until(() => expect(w.$('section h3')?.textContent).toBe('Orders'));
    expect(w.$$('section .p-links b').map((b) => b.textContent)).toEqual(['Shipping times', 'Refunds']);
    await w.click(w.$$('section .p-links button')[0]!);
    await w.until(() => expect(w.$('article h3')?.textContent).toBe('Shipping times'));
    await w.click(w.byText('Back'));
    await w.until(() => expect(w.$('section h3')?.textContent).toBe('Orders'));
  });

  it('asks "Was this helpful?" only of a visitor with a session, whose vote it sends', async () => {
    const anonymous = await openHelp();
    await anonymous.click(anonymous.$('.p-links button'));
    await anonymous.until(() => expect(anonymous.$('article h3')).not.toBeNull());
    expect(anonymous.$('.p-feedback')).toBeNull();
    anonymous.unmount();

    const w = await openHelp({ stored: { token: 'tok-1', visitorId: 'v1' } });
    await w.click(w.$('.p-links button'));
    await w.until(() => expect(w.$('article .p-feedback')).not.toBeNull());
    await w.click(w.byText('Yes'));
    await w.until(() => expect(w.sent('POST', '/articles/art_ship/feedback')).toHaveLength(1));
    expect(w.sent('POST', '/articles/art_ship/feedback')[0]!.body).toEqual({ helpful: true });
    expect(w.byText('Thanks for your feedback!')).not.toBeNull();
  });

  it('"Chat with us" after a search that found nothing starts a new conversation with the question in the composer', async () => {
    const w = await openHelp();
    w.type('cancel my order', '.p-search');
    await w.until(() => expect(w.byText('No articles match your search.')).not.toBeNull());
    await w.click(w.byText('Chat with us'));
    expect(w.$('#p-tab0')!.getAttribute('aria-selected')).toBe('true');
    await w.until(() => expect(w.$<HTMLTextAreaElement>('.p-input')?.value).toBe('cancel my order'));
    expect(document.activeElement).toBe(w.$('.p-input'));
    w.enter();
    await w.until(() => expect(w.sent('POST', '/conversations/c1/messages')).toHaveLength(1));
    expect(w.sent('POST', '/conversations/c1/messages')[0]!.body).toMatchObject({ body: 'cancel my order' });
    // The conversation names the help visit it came from: that visit was not deflected.
    const visit = w.sent('GET', '/help/search')[0]!.query.get('session');
    expect(w.sent('POST', '/conversations')[0]!.body).toMatchObject({ helpSession: visit });
  });

  it('"Chat with us" under an article carries the article as the subject', async () => {
    const w = await openHelp();
    await w.click(w.$('.p-links button'));
    await w.until(() => expect(w.$('article h3')).not.toBeNull());
    await w.click(w.byText('Chat with us'));
    await w.until(() => expect(w.$<HTMLTextAreaElement>('.p-input')?.value).toBe('About: Shipping times'));
    expect(w.chat.state.get()).toMatchObject({ view: 'chat', current: null, prefill: '' });
  });

  it('shows a video as our own poster, nothing from the provider, until the visitor plays it', async () => {
    const url = 'https://www.youtube.com/watch?v=dQw4w9WgXcQ';
    const w = await openHelp({ answers: { 'GET /help/articles/art_ship': { body: { ...article(shipping), body: `Watch how:\n\n${url}` } } } });
    await w.click(w.$('.p-links button'));
    await w.until(() => expect(w.$('article .p-poster')).not.toBeNull());
    const poster = w.$<HTMLButtonElement>('.p-poster')!;
    expect([poster.type, poster.textContent]).toEqual(['button', 'Play video (YouTube)']);
    const link = w.$<HTMLAnchorElement>('.p-video a')!;
    expect([link.href, link.target, link.rel, link.textContent]).toEqual([url, '_blank', 'noopener noreferrer', 'Watch on YouTube']);
    expect(w.$('iframe')).toBeNull();
    expect(w.el.innerHTML.replace(`href="${url}"`, '')).not.toMatch(/youtube(-nocookie)?\.com|youtu\.be/);

    await w.click(poster);
    const player = w.$<HTMLIFrameElement>('.p-video iframe')!;
    expect(w.$('.p-poster')).toBeNull();
    expect(player.getAttribute('src')).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1');
    expect(player.getAttribute('sandbox')).toBe('allow-scripts allow-same-origin allow-presentation allow-popups');
    expect(player.title).toBe('Video (YouTube)');
    await w.until(() => expect(document.activeElement).toBe(player));
  });

  it('plays each video of an article on its own, a Vimeo one too', async () => {
    const body = 'https://youtu.be/dQw4w9WgXcQ\n\nOr on Vimeo:\n\nhttps://vimeo.com/76979871';
    const w = await openHelp({ answers: { 'GET /help/articles/art_ship': { body: { ...article(shipping), body } } } });
    await w.click(w.$('.p-links button'));
    await w.until(() => expect(w.$$('.p-poster').map((b) => b.textContent)).toEqual(['Play video (YouTube)', 'Play video (Vimeo)']));
    await w.click(w.byText('Play video (Vimeo)'));
    expect(w.$$('.p-poster').map((b) => b.textContent)).toEqual(['Play video (YouTube)']);
    expect(w.$$('iframe').map((f) => [f.getAttribute('src'), f.title])).toEqual([['https://player.vimeo.com/video/76979871?autoplay=1&dnt=1', 'Video (Vimeo)']]);
  });

  it('says when the help center cannot be reached, and tries again on Retry', async () => {
    let fail = true;
    const w = (mounted = await mountChat({ answers: { ...help, 'GET /help': () => (fail ? { status: 500, body: {} } : { body: home }) } }));
    await w.click(w.$('#p-tab1'));
    await w.until(() => expect(w.$('.p-help [role=alert]')).not.toBeNull());
    fail = false;
    await w.click(w.byText('Retry'));
    await w.until(() => expect(w.$('.p-help h3')?.textContent).toBe('Popular articles'));
  });
});

describe('the Chat and Help tabs', () => {
  it('open on Chat by default, and on Help first when the site says so', async () => {
    const w = (mounted = await mountChat());
    expect(w.$$('[role=tab]').map((e) => [e.textContent, e.getAttribute('aria-selected')])).toEqual([['Chat', 'true'], ['Help', 'false']]);
    expect(w.$('.p-input')).not.toBeNull();
    w.unmount();
    const h = (mounted = await mountChat({ opens: 'help', answers: help }));
    expect(h.$('#p-tab1')!.getAttribute('aria-selected')).toBe('true');
    expect(h.$('#p-body')!.getAttribute('aria-labelledby')).toBe('p-tab1');
    await h.until(() => expect(document.activeElement).toBe(h.$('.p-search')));
  });

  it('move with the arrow keys, the focus staying on the tabs', async () => {
    const w = (mounted = await mountChat({ answers: help }));
    const tabs = w.$('[role=tablist]')!;
    w.$('#p-tab0')!.focus();
    act(() => void tabs.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true })));
    expect(w.$('#p-tab1')!.getAttribute('aria-selected')).toBe('true');
    expect(w.$('#p-tab1')!.tabIndex).toBe(0);
    expect(w.$('#p-tab0')!.tabIndex).toBe(-1);
    await w.until(() => expect(w.$('.p-search')).not.toBeNull());
    expect(document.activeElement).toBe(w.$('#p-tab1'));
    act(() => void tabs.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true })));
    expect(w.chat.state.get().view).toBe('chat');
    expect(document.activeElement).toBe(w.$('#p-tab0'));
  });
});

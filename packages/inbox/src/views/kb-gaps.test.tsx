import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Article, BotGap, SearchGap } from '@parley/protocol';
import { ApiError, get, post } from '../api';
import { useAct } from './kb-act';
import { MissedQuestions, SearchGaps } from './kb-gaps';

vi.mock('../api', async (original) => ({ ...(await original<typeof import('../api')>()), get: vi.fn(), post: vi.fn() }));

const NOW = Date.now();
const ago = (hours: number) => new Date(NOW - hours * 3_600_000).toISOString();
const articles = [
  { id: 'art_1', title: 'Refunds', status: 'published' },
  { id: 'art_2', title: 'Shipping times', status: 'draft' },
] as Article[];
const searches: SearchGap[] = [
  { query: 'cancel my order', searches: 3, lastAt: ago(2) },
  { query: 'gift wrap', searches: 1, lastAt: ago(50) },
];
const missed: BotGap = {
  messageId: 812,
  conversationId: 'c_1',
  text: 'can I get my money back',
  createdAt: ago(1),
  outcome: 'offer_handoff',
  confidence: 0.2,
  suggestedArticle: { id: 'art_1', title: 'Refunds' },
};

/** The lists as the knowledge base shows them: one status line for every change, under the page's controls. */
function Gaps() {
  const [act, statusLine] = useAct(() => Promise.resolve());
  return (
    <>
      {statusLine}
      <MissedQuestions siteId="site_1" articles={articles} act={act} />
      <SearchGaps siteId="site_1" articles={articles} act={act} />
    </>
  );
}

let root: HTMLElement;
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));
const list = (name: string) => root.querySelector<HTMLElement>(`section[aria-label="${name}"]`)!;
const rows = (name: string) => [...list(name).querySelectorAll('tbody tr')].map((tr) => tr.querySelector('th')!.textContent);
const row = (name: string, text: string) => [...list(name).querySelectorAll<HTMLElement>('tbody tr')].find((tr) => tr.textContent?.includes(text))!;
const button = (within: HTMLElement, text: string) => [...within.querySelectorAll('button')].find((b) => b.textContent === text)!;
const click = async (within: HTMLElement, text: string) => {
  act(() => button(within, text).click());
  await settle();
};
const choose = (select: HTMLSelectElement, value: string) =>
  act(() => {
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
const status = () => root.querySelector('[role=status], [role=alert]')?.textContent;

beforeEach(async () => {
  vi.mocked(get).mockImplementation(async (path: string) =>
    path === '/sites/site_1/kb-gaps/searches' ? { searches: structuredClone(searches) } : { gaps: [structuredClone(missed)] },
  );
  vi.mocked(post).mockReset();
  root = document.createElement('div');
  act(() => render(<Gaps />, root));
  await settle();
});
afterEach(() => act(() => render(null, root)));

describe('searches with no result, beside the questions the bot missed', () => {
  it('lists each search with how often and how lately it was asked, in the order the server gives', () => {
    expect(rows('Searches with no result')).toEqual(['cancel my orderSearched 3 times · 2h', 'gift wrapSearched once · 2d']);
    const first = row('Searches with no result', 'cancel my order');
    expect(first.querySelector('time')!.getAttribute('dateTime')).toBe(searches[0]!.lastAt);
    expect(first.querySelector<HTMLInputElement>('input[aria-label="Phrasing to add"]')!.value).toBe('cancel my order');
    expect([...first.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['Choose an article…', 'Refunds', 'Shipping times (draft)']);
    expect(button(first, 'Add as phrasing').disabled).toBe(true);
  });

  it('dismisses every search for the query, and the row leaves the list', async () => {
    vi.mocked(post).mockResolvedValueOnce({ query: 'gift wrap', action: 'dismissed', searches: 1, article: null, reviewedAt: ago(0) });
    await click(row('Searches with no result', 'gift wrap'), 'Dismiss');
    expect(vi.mocked(post)).toHaveBeenCalledWith('/sites/site_1/kb-gaps/searches', { action: 'dismiss', query: 'gift wrap' });
    expect(rows('Searches with no result')).toEqual(['cancel my orderSearched 3 times · 2h']);
    expect(status()).toBe('Dismissed');
  });

  it('adds the search as a phrasing of the chosen article, and keeps the row when the server refuses', async () => {
    const first = row('Searches with no result', 'cancel my order');
    choose(first.querySelector('select')!, 'art_1');
    vi.mocked(post).mockRejectedValueOnce(new ApiError(409, 'conflict', 'The article already has 50 phrasings'));
    await click(first, 'Add as phrasing');
    expect(status()).toBe('The article already has 50 phrasings');
    expect(rows('Searches with no result')).toHaveLength(2);

    vi.mocked(post).mockResolvedValueOnce({ query: 'cancel my order', action: 'added', searches: 3, article: articles[0], reviewedAt: ago(0) });
    await click(first, 'Add as phrasing');
    expect(vi.mocked(post)).toHaveBeenLastCalledWith('/sites/site_1/kb-gaps/searches', { action: 'add_phrasing', query: 'cancel my order', articleId: 'art_1', text: 'cancel my order' });
    expect(rows('Searches with no result')).toEqual(['gift wrapSearched once · 2d']);
    expect(status()).toBe('Phrasing added: searching for it finds the article now');
  });

  it('says when there is nothing left to review', async () => {
    vi.mocked(post).mockResolvedValue({});
    await click(row('Searches with no result', 'gift wrap'), 'Dismiss');
    await click(row('Searches with no result', 'cancel my order'), 'Dismiss');
    expect(list('Searches with no result').querySelector('table')).toBeNull();
    expect(list('Searches with no result').querySelector('.empty')!.textContent).toBe('Nothing to review: every search found an article, or they are all handled.');
  });

  it('still reviews a missed question with the bot’s best guess chosen', async () => {
    const question = row('Questions the bot missed', missed.text);
    expect(question.querySelector('select')!.value).toBe('art_1');
    expect(question.querySelector('th small')!.textContent).toBe('Bot offered a person · 1h · conversation');
    vi.mocked(post).mockResolvedValueOnce({});
    await click(question, 'Add as phrasing');
    expect(vi.mocked(post)).toHaveBeenCalledWith('/sites/site_1/kb-gaps/812', { action: 'add_phrasing', articleId: 'art_1', text: missed.text });
    expect(list('Questions the bot missed').querySelector('.empty')).not.toBeNull();
  });
});

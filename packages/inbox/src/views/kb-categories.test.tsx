import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Article, KbCategory, Me } from '@parley/protocol';
import { ApiError, del, get, patch, post, put } from '../api';
import type { Session } from '../session';
import { SessionContext } from '../session';
import { KnowledgeBase } from './kb';

vi.mock('../api', async (original) => ({
  ...(await original<typeof import('../api')>()),
  get: vi.fn(),
  post: vi.fn(),
  patch: vi.fn(),
  put: vi.fn(),
  del: vi.fn(),
}));

const T = '2026-01-01T00:00:00.000Z';
const category = (id: string, name: string, over: Partial<KbCategory> = {}): KbCategory => ({
  id,
  slug: name.toLowerCase(),
  name,
  description: '',
  position: 0,
  articles: 0,
  published: 0,
  ...over,
});
const article = (id: string, title: string, category: string | null, status: Article['status'] = 'published'): Article => ({
  id,
  slug: id,
  title,
  body: '',
  phrasings: [],
  category,
  locale: null,
  status,
  views: 0,
  helpful: 0,
  notHelpful: 0,
  position: 0,
  createdAt: T,
  updatedAt: T,
});
const session = (isAdmin: boolean): Session => ({
  me: { role: isAdmin ? 'admin' : 'agent' } as Me,
  sites: { data: [{ id: 'site_1', name: 'Shop', publicKey: 'pk_1' }], error: null, reload: () => Promise.resolve(), set: () => {} },
  isAdmin,
  setMe: () => {},
  logout: () => Promise.resolve(),
});

let categories: KbCategory[];
let articles: Article[];
let root: HTMLElement;
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));
const show = async ({ isAdmin = true } = {}) => {
  // In the document, so that where focus goes can be seen.
  root = document.body.appendChild(document.createElement('div'));
  act(() =>
    render(
      <SessionContext.Provider value={session(isAdmin)}>
        <KnowledgeBase siteId="site_1" />
      </SessionContext.Provider>,
      root,
    ),
  );
  await settle();
};
const section = () => root.querySelector<HTMLElement>('.kb-categories')!;
const names = () => [...section().querySelectorAll('.categories > li h4')].map((h) => h.firstChild?.textContent?.trim());
const button = (text: string, within: HTMLElement = root) => [...within.querySelectorAll('button')].find((b) => b.textContent === text);
const click = async (text: string, within?: HTMLElement) => {
  act(() => button(text, within)!.click());
  await settle();
};
const fill = (el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string) =>
  act(() => {
    el.value = value;
    el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
const field = (form: HTMLElement, label: string) =>
  [...form.querySelectorAll('label')].find((l) => l.textContent?.startsWith(label))!.querySelector<HTMLInputElement>('input, textarea, select')!;
const submit = async (form: HTMLFormElement) => {
  act(() => void form.dispatchEvent(new Event('submit', { cancelable: true })));
  await settle();
};
const alert = () => section().querySelector('[role=alert]')?.textContent;

beforeEach(() => {
  categories = [category('cat_a', 'Billing', { articles: 2, published: 1, description: 'Invoices and refunds' }), category('cat_b', 'Shipping'), category('cat_c', 'Returns')];
  articles = [article('art_1', 'Refunds', 'Billing'), article('art_2', 'Invoices', 'Billing', 'draft'), article('art_3', 'Tracking', null)];
  vi.mocked(get).mockImplementation(async (path: string) =>
    path.endsWith('/categories') ? { categories: structuredClone(categories) } : path.endsWith('/articles') ? { articles: structuredClone(articles) } : { gaps: [] },
  );
  for (const f of [post, patch, put, del]) vi.mocked(f).mockReset();
});
afterEach(() => {
  act(() => render(null, root));
  root.remove();
});

describe('the knowledge base’s categories', () => {
  it('lists the categories in order with how many of their articles are published', async () => {
    await show();
    expect(names()).toEqual(['Billing', 'Shipping', 'Returns']);
    const billing = section().querySelector('.categories > li')!;
    expect(billing.querySelector('.count')!.textContent).toBe('1 of 2 articles published');
    expect(billing.querySelector('.description')!.textContent).toBe('Invoices and refunds');
    expect(section().querySelectorAll('.categories > li')[1]!.querySelector('.count')!.textContent).toBe('No articles');
  });

  it('shows agents the categories and their articles without a way to change them', async () => {
    await show({ isAdmin: false });
    expect(names()).toEqual(['Billing', 'Shipping', 'Returns']);
    expect([...section().querySelectorAll('.category-articles li')].map((li) => li.textContent)).toEqual(['Refunds ', 'Invoices (draft) ']);
    expect(section().querySelectorAll('button')).toHaveLength(0);
    expect(section().querySelector('form')).toBeNull();
  });

  it('creates a category with its slug and description, and says why the server refused one', async () => {
    await show();
    const form = section().querySelector<HTMLFormElement>('form.category-form')!;
    vi.mocked(post).mockRejectedValueOnce(new ApiError(409, 'conflict', 'A category with this name already exists on this site'));
    fill(field(form, 'Name'), ' Billing ');
    await submit(form);
    expect(vi.mocked(post)).toHaveBeenCalledWith('/sites/site_1/categories', { name: 'Billing', description: '' });
    expect(alert()).toBe('A category with this name already exists on this site');
    expect(field(form, 'Name').value).toBe(' Billing ');

    vi.mocked(post).mockResolvedValueOnce(category('cat_d', 'Accounts'));
    categories = [...categories, category('cat_d', 'Accounts', { slug: 'my-account' })];
    fill(field(form, 'Name'), 'Accounts');
    fill(field(form, 'Slug'), 'my-account');
    fill(field(form, 'Description'), 'Logging in');
    await submit(form);
    expect(vi.mocked(post)).toHaveBeenLastCalledWith('/sites/site_1/categories', { name: 'Accounts', slug: 'my-account', description: 'Logging in' });
    expect(names()).toEqual(['Billing', 'Shipping', 'Returns', 'Accounts']);
    expect(section().querySelector('[role=status]')!.textContent).toBe('Category "Accounts" added');
    expect(field(form, 'Name').value).toBe('');
  });

  it('renames a category in place, sending only what changed, and gives focus back to its Edit button', async () => {
    await show();
    await click('Edit: Shipping');
    const form = section().querySelector<HTMLFormElement>('.categories form')!;
    expect(document.activeElement).toBe(field(form, 'Name'));
    expect(field(form, 'Slug').value).toBe('shipping');

    vi.mocked(patch).mockRejectedValueOnce(new ApiError(400, 'invalid_request', 'slug: must be lower-case letters and digits joined by single dashes'));
    fill(field(form, 'Slug'), 'Delivery Times');
    await submit(form);
    expect(alert()).toBe('slug: must be lower-case letters and digits joined by single dashes');

    categories[1] = category('cat_b', 'Delivery', { slug: 'delivery' });
    vi.mocked(patch).mockResolvedValueOnce(categories[1]);
    fill(field(form, 'Name'), 'Delivery');
    fill(field(form, 'Slug'), 'delivery');
    await submit(form);
    expect(vi.mocked(patch)).toHaveBeenLastCalledWith('/sites/site_1/categories/cat_b', { name: 'Delivery', slug: 'delivery' });
    expect(names()).toEqual(['Billing', 'Delivery', 'Returns']);
    expect(document.activeElement).toBe(button('Edit: Delivery'));
  });

  it('moves a category with the full new order, keeping focus on it, and puts it back when the server refuses', async () => {
    await show();
    vi.mocked(put).mockImplementation(async () => ({ categories }));
    categories = [categories[1]!, categories[0]!, categories[2]!];
    await click('Move down: Billing');
    expect(vi.mocked(put)).toHaveBeenCalledWith('/sites/site_1/categories/order', { ids: ['cat_b', 'cat_a', 'cat_c'] });
    expect(names()).toEqual(['Shipping', 'Billing', 'Returns']);
    expect(document.activeElement).toBe(button('Move down: Billing'));
    expect(section().querySelector('[role=status]')!.textContent).toBe('Moved "Billing" to 2 of 3');

    categories = [categories[0]!, categories[2]!, categories[1]!];
    await click('Move down: Billing');
    // Last now: its "Move down" is off, so focus stays on the row through "Move up".
    expect(button('Move down: Billing')!.disabled).toBe(true);
    expect(document.activeElement).toBe(button('Move up: Billing'));

    vi.mocked(put).mockRejectedValueOnce(new ApiError(400, 'invalid_request', 'ids: every id must be one of this list'));
    await click('Move up: Returns');
    expect(names()).toEqual(['Shipping', 'Returns', 'Billing']);
    expect(alert()).toBe('ids: every id must be one of this list');
  });

  it('deletes a category only once confirmed, saying its articles stay without one', async () => {
    await show();
    await click('Delete "Billing"…');
    expect(section().querySelector('[role=alertdialog]')!.textContent).toContain('Delete the category "Billing"? Its 2 articles stay, without a category.');
    expect(vi.mocked(del)).not.toHaveBeenCalled();
    categories = categories.slice(1);
    articles = articles.map((a) => ({ ...a, category: null }));
    await click('Delete category');
    expect(vi.mocked(del)).toHaveBeenCalledWith('/sites/site_1/categories/cat_a');
    expect(names()).toEqual(['Shipping', 'Returns']);
    expect(document.activeElement).toBe(section().querySelector('h3'));
  });

  it("orders a category's articles, drafts included", async () => {
    await show();
    const list = section().querySelector<HTMLElement>('.category-articles')!;
    expect(list.querySelector('summary')!.textContent).toBe('Articles in order in Billing (2)');
    await click('Move up: Invoices', list);
    expect(vi.mocked(put)).toHaveBeenCalledWith('/sites/site_1/categories/cat_a/order', { ids: ['art_2', 'art_1'] });
    expect([...list.querySelectorAll('li')].map((li) => li.firstChild?.textContent)).toEqual(['Invoices', 'Refunds']);
    expect(document.activeElement).toBe(button('Move down: Invoices', list));

    vi.mocked(put).mockRejectedValueOnce(new ApiError(404, 'not_found', 'Category not found'));
    await click('Move down: Invoices', list);
    expect([...list.querySelectorAll('li')].map((li) => li.firstChild?.textContent)).toEqual(['Invoices', 'Refunds']);
    expect(alert()).toBe('Category not found');
  });
});

describe('the article editor’s category', () => {
  const editor = () => root.querySelector<HTMLFormElement>('form.article-editor')!;
  const select = () => field(editor(), 'Category') as unknown as HTMLSelectElement;

  it("offers the site's categories, none, and a new one, and saves the choice by name", async () => {
    await show();
    await click('New article');
    expect([...select().options].map((o) => o.textContent)).toEqual(['No category', 'Billing', 'Shipping', 'Returns', 'New category…']);
    expect(select().value).toBe('none');
    fill(field(editor(), 'Title'), 'Customs');
    fill(select(), 'name:Shipping');
    vi.mocked(post).mockResolvedValue(article('art_4', 'Customs', 'Shipping'));
    await submit(editor());
    expect(vi.mocked(post).mock.calls[0]).toEqual(['/sites/site_1/articles', expect.objectContaining({ title: 'Customs', category: 'Shipping' })]);
  });

  it('takes a new category typed in, which the next list of categories includes', async () => {
    await show();
    await click('Edit', root.querySelector<HTMLElement>('table.articles')!);
    expect(select().value).toBe('name:Billing');
    fill(select(), 'new');
    const typed = field(editor(), "New category's name");
    expect(document.activeElement).toBe(typed);
    fill(typed, 'Customs');
    categories = [...categories, category('cat_d', 'Customs', { articles: 1, published: 1 })];
    vi.mocked(patch).mockResolvedValue(article('art_1', 'Refunds', 'Customs'));
    await submit(editor());
    expect(vi.mocked(patch)).toHaveBeenCalledWith('/sites/site_1/articles/art_1', expect.objectContaining({ category: 'Customs' }));
    expect(names()).toEqual(['Billing', 'Shipping', 'Returns', 'Customs']);
  });

  it('lets an article have no category', async () => {
    await show();
    await click('Edit', root.querySelector<HTMLElement>('table.articles')!);
    fill(select(), 'none');
    vi.mocked(patch).mockResolvedValue(article('art_1', 'Refunds', null));
    await submit(editor());
    expect(vi.mocked(patch)).toHaveBeenCalledWith('/sites/site_1/articles/art_1', expect.objectContaining({ category: null }));
  });
});

it('links to the public help center in a new tab', async () => {
  await show();
  const link = [...root.querySelectorAll('a')].find((a) => a.textContent?.startsWith('View the help center'))!;
  expect(link.getAttribute('href')).toBe('/help/pk_1/');
  expect(link.target).toBe('_blank');
});

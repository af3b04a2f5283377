import { useState } from 'preact/hooks';
import { Markdown } from '@parley/markdown-lite';
import type { Article, ArticleImportBody, ArticleList, CreateArticleBody, ImportResult, KbCategoryList, UpdateArticleBody } from '@parley/protocol';
import { get, patch, post, del } from '../api';
import { Loaded, useLoad } from '../load';
import { useSession } from '../session';
import { useAct } from './kb-act';
import { Categories } from './kb-categories';
import { CategoryField } from './kb-category-field';
import { MissedQuestions, SearchGaps } from './kb-gaps';
import { HelpCenterLink } from './settings/help-center';

type Editing = Pick<Article, 'title' | 'body' | 'phrasings' | 'category' | 'locale' | 'status'> & { id?: string };
const blank: Editing = { title: '', body: '', phrasings: [], category: null, locale: null, status: 'draft' };

/**
 * The knowledge base of one site: list, edit with a live preview, publish, import, export,
 * the help center's categories, the questions the bot missed and the searches that found
 * nothing. It lives in Settings, which only owners and admins see.
 */
export function KnowledgeBase({ siteId }: { siteId: string }) {
  const base = `/sites/${siteId}/articles`;
  const articles = useLoad(() => get<ArticleList>(base), [base]);
  const categories = useLoad(() => get<KbCategoryList>(`/sites/${siteId}/categories`), [siteId]);
  const { isAdmin, sites } = useSession();
  const publicKey = sites.data?.find((s) => s.id === siteId)?.publicKey;
  const [editing, setEditing] = useState<Editing | null>(null);
  // Articles and categories change each other: an article naming a new category, a rename, the counts.
  const reload = () => Promise.all([articles.reload(), categories.reload()]);
  const [act, statusLine] = useAct(reload);
  const gaps = { siteId, articles: articles.data?.articles ?? [], act };
  const save = (e: Event) => {
    e.preventDefault();
    if (!editing) return;
    const { id, ...body } = editing;
    void act(async () => {
      await (id ? patch<Article, UpdateArticleBody>(`${base}/${id}`, body) : post<Article, CreateArticleBody>(base, body));
      setEditing(null);
    }, 'Article saved');
  };
  const importFiles = async (files: FileList | null) => {
    if (!files?.length) return;
    const list = [...files];
    const texts = await Promise.all(list.map((f) => f.text()));
    const ext = list[0]!.name.split('.').pop()?.toLowerCase();
    const body: ArticleImportBody =
      ext === 'json'
        ? { format: 'json', articles: JSON.parse(texts[0]!) as unknown[] }
        : ext === 'csv'
          ? { format: 'csv', text: texts[0]! }
          : { format: 'markdown', files: list.map((f, i) => ({ name: f.name, text: texts[i]! })) };
    void act(async () => {
      const r = await post<ImportResult, ArticleImportBody>(`${base}/import`, body);
      return `Imported: ${r.created} new, ${r.updated} updated`;
    }, 'Imported');
  };

  return (
    <div class="kb">
      <div class="inline-form">
        <button type="button" onClick={() => setEditing(blank)}>
          New article
        </button>
        <label>
          Import (JSON, CSV or Markdown files)
          <input type="file" accept=".json,.csv,.md,.markdown" multiple onChange={(e) => void importFiles(e.currentTarget.files)} />
        </label>
        <a href={`/v1/inbox${base}/export`} download>
          Export (JSON)
        </a>
        {publicKey && <HelpCenterLink publicKey={publicKey} />}
      </div>
      {statusLine}
      {editing ? (
        <form class="settings article-editor" onSubmit={save}>
          <label>
            Title
            <input required value={editing.title} onInput={(e) => setEditing({ ...editing, title: e.currentTarget.value })} />
          </label>
          <div class="row2">
            <CategoryField value={editing.category} names={categories.data?.categories.map((c) => c.name) ?? []} onChange={(category) => setEditing({ ...editing, category })} />
            <label>
              Language
              <input value={editing.locale ?? ''} placeholder="en" onInput={(e) => setEditing({ ...editing, locale: e.currentTarget.value || null })} />
            </label>
            <label>
              Status
              <select value={editing.status} onChange={(e) => setEditing({ ...editing, status: e.currentTarget.value as Article['status'] })}>
                <option value="draft">Draft</option>
                <option value="published">Published</option>
              </select>
            </label>
          </div>
          <label>
            Other ways visitors ask this (one per line)
            <textarea rows={3} value={editing.phrasings.join('\n')} onInput={(e) => setEditing({ ...editing, phrasings: e.currentTarget.value.split('\n').filter((l) => l.trim()) })} />
          </label>
          <div class="preview-split">
            <label>
              Answer (Markdown)
              <textarea rows={12} value={editing.body} onInput={(e) => setEditing({ ...editing, body: e.currentTarget.value })} />
            </label>
            <section aria-label="Preview">
              <h4>Preview</h4>
              <Markdown text={editing.body} />
            </section>
          </div>
          <button type="submit" class="primary">
            Save article
          </button>
          <button type="button" onClick={() => setEditing(null)}>
            Cancel
          </button>
        </form>
      ) : (
        <Loaded load={articles}>
          {({ articles: rows }) => (
            <table class="articles">
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Status</th>
                  <th scope="col">Views</th>
                  <th scope="col">Helpful</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {rows.map((a) => (
                  <tr>
                    <th scope="row">
                      {a.title}
                      {a.category && <small class="muted"> · {a.category}</small>}
                    </th>
                    <td>{a.status}</td>
                    <td>{a.views}</td>
                    <td>
                      {a.helpful} / {a.helpful + a.notHelpful}
                    </td>
                    <td>
                      <button type="button" class="link" onClick={() => setEditing(a)}>
                        Edit
                      </button>{' '}
                      <button type="button" class="link" onClick={() => void act(async () => void (await post(`${base}/${a.id}/${a.status === 'published' ? 'unpublish' : 'publish'}`)), 'Saved')}>
                        {a.status === 'published' ? 'Unpublish' : 'Publish'}
                      </button>{' '}
                      <button type="button" class="link" onClick={() => confirm(`Delete "${a.title}"?`) && void act(async () => void (await del(`${base}/${a.id}`)), 'Deleted')}>
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Loaded>
      )}
      {!editing && <Categories siteId={siteId} categories={categories} articles={articles.data?.articles ?? []} canEdit={isAdmin} reload={reload} />}
      {!editing && <MissedQuestions {...gaps} />}
      {!editing && <SearchGaps {...gaps} />}
    </div>
  );
}

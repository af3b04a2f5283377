import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { Article, CreateCategoryBody, KbCategory, KbCategoryList, OrderBody, UpdateCategoryBody } from '@parley/protocol';
import { del, patch, post, put } from '../api';
import { ConfirmButton } from '../confirm';
import { plural } from '../format';
import { Loaded, type Load } from '../load';
import { type Act, useAct } from './kb-act';
import { MoveButtons, moved, type Step, useFocusAfterMove } from './kb-order';

interface Props {
  siteId: string;
  categories: Load<KbCategoryList>;
  articles: Article[];
  /** Owners and admins; agents see the categories as they are. */
  canEdit: boolean;
  /** Articles and categories both: a rename or a delete changes the articles' category. */
  reload: () => Promise<unknown>;
}

/**
 * The help center's categories (docs/api.md, "Help-center categories"): their order, what
 * each holds, and for owners and admins their names, slugs, descriptions and the order of
 * their articles. Articles name their category, so a rename here takes them along.
 */
export function Categories({ siteId, categories, articles, canEdit, reload }: Props) {
  const base = `/sites/${siteId}/categories`;
  const [act, statusLine] = useAct(reload);
  const { list, focusAfter } = useFocusAfterMove<HTMLOListElement>();
  // Where focus goes when the row that had it is deleted: the top of the list it left.
  const heading = useRef<HTMLHeadingElement>(null);
  // The new order shows at once, so a second press moves on from it rather than from the old one.
  const move = (all: KbCategory[], index: number, by: Step) => {
    const next = moved(all, index, by);
    const c = all[index]!;
    focusAfter(c.id, by);
    categories.set({ categories: next });
    return act(async () => {
      await put<KbCategoryList, OrderBody>(`${base}/order`, { ids: next.map((x) => x.id) }).catch((e: unknown) => {
        categories.set({ categories: all });
        throw e;
      });
    }, `Moved "${c.name}" to ${index + by + 1} of ${all.length}`);
  };
  const create = (body: CategoryFields, done: () => void) =>
    act(async () => {
      await post<KbCategory, CreateCategoryBody>(base, { name: body.name, description: body.description, ...(body.slug ? { slug: body.slug } : {}) });
      done();
    }, `Category "${body.name}" added`);

  return (
    <section class="kb-categories" aria-labelledby="kb-categories-title">
      <h3 id="kb-categories-title" ref={heading} tabIndex={-1}>
        Categories
      </h3>
      <Loaded load={categories}>
        {({ categories: all }) =>
          all.length === 0 ? (
            <p class="empty">No categories yet{canEdit && ': add one here, or give an article a category'}.</p>
          ) : (
            <ol class="categories" ref={list}>
              {all.map((c, i) => (
                <CategoryItem
                  key={c.id}
                  category={c}
                  base={base}
                  articles={articles.filter((a) => a.category === c.name)}
                  canEdit={canEdit}
                  act={act}
                  onDeleted={() => heading.current?.focus()}
                  moveButtons={<MoveButtons id={c.id} name={c.name} index={i} count={all.length} onMove={(by) => void move(all, i, by)} />}
                />
              ))}
            </ol>
          )
        }
      </Loaded>
      {statusLine}
      {canEdit && <CategoryForm legend="New category" submit="Add category" onSubmit={create} />}
    </section>
  );
}

type CategoryFields = Pick<KbCategory, 'name' | 'slug' | 'description'>;

/** The fields an edit changed (a slug emptied is left as it was: every category has one). */
function changes(before: CategoryFields, after: CategoryFields): UpdateCategoryBody {
  const body: UpdateCategoryBody = {};
  if (after.name !== before.name) body.name = after.name;
  if (after.slug && after.slug !== before.slug) body.slug = after.slug;
  if (after.description !== before.description) body.description = after.description;
  return body;
}

function CategoryItem(props: { category: KbCategory; base: string; articles: Article[]; canEdit: boolean; act: Act; onDeleted: () => void; moveButtons: ComponentChildren }) {
  const { category: c, base, articles, canEdit, act, onDeleted, moveButtons } = props;
  const [editing, setEditing] = useState(false);
  const edit = useRef<HTMLButtonElement>(null);
  // Back to "Edit" once the form closes, never on the first render.
  const wasEditing = useRef(false);
  useEffect(() => {
    if (wasEditing.current && !editing) edit.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const save = (after: CategoryFields) => {
    const body = changes(c, after);
    if (Object.keys(body).length === 0) return setEditing(false);
    void act(async () => {
      await patch<KbCategory, UpdateCategoryBody>(`${base}/${c.id}`, body);
      setEditing(false);
    }, `Category "${after.name}" saved`);
  };
  const remove = () =>
    act(async () => {
      await del(`${base}/${c.id}`);
      onDeleted();
    }, `Category "${c.name}" deleted`);

  return (
    <li>
      {editing ? (
        <CategoryForm legend={`Edit "${c.name}"`} submit="Save category" initial={c} onSubmit={save} onCancel={() => setEditing(false)} />
      ) : (
        <>
          <h4>
            {c.name} <small class="muted">/{c.slug}</small>
          </h4>
          <p class="count">{c.articles === 0 ? 'No articles' : `${c.published} of ${plural(c.articles, 'article')} published`}</p>
          {c.description && <p class="description">{c.description}</p>}
          {canEdit && (
            <div class="actions">
              {moveButtons}
              <button type="button" ref={edit} onClick={() => setEditing(true)}>
                Edit<span class="sr-only">: {c.name}</span>
              </button>
              <ConfirmButton label={`Delete "${c.name}"…`} action="Delete category" onConfirm={remove}>
                Delete the category "{c.name}"?{' '}
                {c.articles === 0 ? 'It has no articles.' : `Its ${plural(c.articles, 'article')} stay, without a category.`}
              </ConfirmButton>
            </div>
          )}
        </>
      )}
      <CategoryArticles category={c} articles={articles} base={base} canEdit={canEdit} act={act} />
    </li>
  );
}

/** Name, slug and description: a new category's, or one's being edited. */
function CategoryForm({ legend, submit, initial, onSubmit, onCancel }: { legend: string; submit: string; initial?: CategoryFields; onSubmit: (fields: CategoryFields, done: () => void) => unknown; onCancel?: () => void }) {
  const empty = { name: '', slug: '', description: '' };
  const [fields, setFields] = useState<CategoryFields>(initial ?? empty);
  const name = useRef<HTMLInputElement>(null);
  const slugHelp = useId();
  // An edit opened by its button starts at the name; the form for a new one waits to be chosen.
  useEffect(() => void (initial && name.current?.focus()), []);
  const field = (key: keyof CategoryFields) => ({
    value: fields[key],
    onInput: (e: Event) => setFields({ ...fields, [key]: (e.currentTarget as HTMLInputElement).value }),
  });
  return (
    <form
      class="settings category-form"
      onSubmit={(e) => {
        e.preventDefault();
        const trimmed = { name: fields.name.trim(), slug: fields.slug.trim(), description: fields.description.trim() };
        void onSubmit(trimmed, () => setFields(empty));
      }}
      onKeyDown={(e) => e.key === 'Escape' && onCancel?.()}
    >
      <fieldset>
        <legend>{legend}</legend>
        <div class="row2">
          <label>
            Name
            <input ref={name} required maxLength={80} {...field('name')} />
          </label>
          <label>
            Slug (in the help center's address)
            <input maxLength={80} placeholder={initial ? undefined : 'made from the name'} aria-describedby={slugHelp} {...field('slug')} />
          </label>
        </div>
        <p class="muted" id={slugHelp}>
          Lower-case letters and digits joined by single dashes, like shipping-and-returns.
        </p>
        <label>
          Description
          <textarea maxLength={500} rows={2} {...field('description')} />
        </label>
        <button type="submit" class="primary">
          {submit}
        </button>{' '}
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </fieldset>
    </form>
  );
}

/** `articles` in the order of `ids`; those not in it (new since) after them, as they came. */
function inOrder(articles: Article[], ids: readonly string[]): Article[] {
  const rank = new Map(ids.map((id, i) => [id, i]));
  return [...articles].sort((a, b) => (rank.get(a.id) ?? ids.length) - (rank.get(b.id) ?? ids.length));
}

/** A category's articles, in the order the help center lists them (position, then creation), or as last moved here. */
function CategoryArticles({ category, articles, base, canEdit, act }: { category: KbCategory; articles: Article[]; base: string; canEdit: boolean; act: Act }) {
  const [order, setOrder] = useState<string[]>([]);
  const { list, focusAfter } = useFocusAfterMove<HTMLOListElement>();
  if (articles.length === 0) return null;
  const shown = inOrder([...articles].sort((a, b) => a.position - b.position), order);
  const move = (index: number, by: Step) => {
    const a = shown[index]!;
    const ids = moved(shown, index, by).map((x) => x.id);
    focusAfter(a.id, by);
    setOrder(ids);
    void act(async () => {
      await put<void, OrderBody>(`${base}/${category.id}/order`, { ids }).catch((e: unknown) => {
        setOrder(order);
        throw e;
      });
    }, `Moved "${a.title}" to ${index + by + 1} of ${shown.length} in "${category.name}"`);
  };
  return (
    <details class="category-articles">
      <summary>
        Articles in order<span class="sr-only"> in {category.name}</span> ({shown.length})
      </summary>
      <ol ref={list}>
        {shown.map((a, i) => (
          <li key={a.id}>
            {a.title}
            {a.status === 'draft' && <small class="muted"> (draft)</small>}{' '}
            {canEdit && <MoveButtons id={a.id} name={a.title} index={i} count={shown.length} onMove={(by) => move(i, by)} />}
          </li>
        ))}
      </ol>
    </details>
  );
}

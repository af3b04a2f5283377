import { Markdown } from '@parley/markdown-lite';
import type { ArticleFeedbackResult, HelpCategoryPage, PublicArticle } from '@parley/protocol';
import { useState } from 'preact/hooks';
import { fill } from '../i18n';
import { useChat } from '../ui/context';
import { useHeading } from '../ui/focus';
import { Failed, Feedback } from '../ui/Parts';
import { articleLinks, ChatWithUs, Links, useGet, type Open } from './parts';
import { Video } from './Video';

/** One category: its description and its articles. */
export function Category({ slug, open }: { slug: string; open: Open }) {
  const [, s] = useChat();
  const { data, failed, retry } = useGet<HelpCategoryPage>(`/help/categories/${encodeURIComponent(slug)}?lang=${s.locale}`);
  const heading = useHeading(data);
  if (failed) return <Failed retry={retry} />;
  if (!data) return null;
  return (
    <section aria-labelledby="p-help-h">
      <h3 id="p-help-h" ref={heading} tabIndex={-1}>
        {data.category.name}
      </h3>
      {data.category.description && <p class="p-note">{data.category.description}</p>}
      <Links links={articleLinks(data.articles)} open={open} />
    </section>
  );
}

/**
 * An article, read in the panel, its videos as posters until played (only this chunk carries
 * them; the chat's articles show a video as a link). "Was this helpful?" only for a visitor
 * the server knows: a vote needs their token (one vote per visitor), and asking would
 * otherwise create one.
 */
export function Article({ id }: { id: string }) {
  const [chat, s] = useChat();
  const t = s.strings;
  const { data, failed, retry } = useGet<PublicArticle>(`/help/articles/${encodeURIComponent(id)}`);
  const [judged, setJudged] = useState(false);
  const heading = useHeading(data);
  if (failed) return <Failed retry={retry} />;
  if (!data) return null;
  const vote = (helpful: boolean) => {
    setJudged(true);
    chat.request<ArticleFeedbackResult>('POST', `/articles/${encodeURIComponent(id)}/feedback`, { helpful }).catch(chat.host.warn);
  };
  return (
    <article aria-labelledby="p-help-h">
      <h3 id="p-help-h" ref={heading} tabIndex={-1}>
        {data.title}
      </h3>
      <div class="p-article">
        <Markdown text={data.body} video={(v) => <Video v={v} />} />
      </div>
      {s.hasSession && <Feedback judged={judged} vote={vote} />}
      <ChatWithUs question={fill(t.about, { title: data.title })} />
    </article>
  );
}

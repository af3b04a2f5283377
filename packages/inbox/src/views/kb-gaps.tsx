import { useState } from 'preact/hooks';
import type { Article, BotGap, BotGapList, BotGapOutcome, BotGapReview, BotGapReviewBody } from '@parley/protocol';
import { get, post } from '../api';
import { timeAgo } from '../format';
import { Loaded, useLoad } from '../load';
import { Link } from '../router';
import type { Act } from './kb-act';

const OUTCOME: Record<BotGapOutcome, string> = {
  offer_handoff: 'offered a person',
  clarify: "asked 'Did you mean'",
  not_helpful: 'answer voted not helpful',
};

/**
 * "Questions the bot missed" (owners and admins): the bot's retriever only knows the words
 * of an article's phrasings, so each real question it missed can become one more phrasing
 * of the right article, or be dismissed. A handled row leaves the list.
 */
export function MissedQuestions({ siteId, articles, act }: { siteId: string; articles: Article[]; act: Act }) {
  const base = `/sites/${siteId}/kb-gaps`;
  const missed = useLoad(() => get<BotGapList>(base), [base]);

  const review = (gap: BotGap, body: BotGapReviewBody, done: string) =>
    act(async () => {
      await post<BotGapReview, BotGapReviewBody>(`${base}/${gap.messageId}`, body);
      missed.set(({ gaps }) => ({ gaps: gaps.filter((g) => g.messageId !== gap.messageId) }));
    }, done);

  return (
    <section class="kb-gaps" aria-label="Questions the bot missed">
      <h3>Questions the bot missed</h3>
      <Loaded load={missed}>
        {({ gaps }) =>
          gaps.length === 0 ? (
            <p class="empty">Nothing to review: the bot answered every question, or they are all handled.</p>
          ) : (
            <table class="articles">
              <thead>
                <tr>
                  <th scope="col">Question</th>
                  <th scope="col">Article</th>
                  <th scope="col">Phrasing to add</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {gaps.map((g) => (
                  <GapRow key={g.messageId} gap={g} articles={articles} review={review} />
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </section>
  );
}

function GapRow({ gap, articles, review }: { gap: BotGap; articles: Article[]; review: (gap: BotGap, body: BotGapReviewBody, done: string) => Promise<void> }) {
  const [articleId, setArticleId] = useState(gap.suggestedArticle?.id ?? '');
  const [text, setText] = useState(gap.text);
  return (
    <tr>
      <th scope="row">
        {gap.text}
        <br />
        <small class="muted">
          Bot {OUTCOME[gap.outcome]} · <time dateTime={gap.createdAt} title={new Date(gap.createdAt).toLocaleString()}>{timeAgo(gap.createdAt)}</time> ·{' '}
          <Link to={`/c/${gap.conversationId}`}>conversation</Link>
        </small>
      </th>
      <td>
        <select aria-label="Article" value={articleId} onChange={(e) => setArticleId(e.currentTarget.value)}>
          <option value="">Choose an article…</option>
          {articles.map((a) => (
            <option value={a.id}>
              {a.title}
              {a.status === 'draft' ? ' (draft)' : ''}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input aria-label="Phrasing to add" value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </td>
      <td>
        <button type="button" disabled={!articleId || !text.trim()} onClick={() => void review(gap, { action: 'add_phrasing', articleId, text }, 'Phrasing added: the bot knows this question now')}>
          Add as phrasing
        </button>{' '}
        <button type="button" class="link" onClick={() => void review(gap, { action: 'dismiss' }, 'Dismissed')}>
          Dismiss
        </button>
      </td>
    </tr>
  );
}

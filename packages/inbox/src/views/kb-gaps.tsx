import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Article, BotGap, BotGapList, BotGapOutcome, BotGapReview, BotGapReviewBody, SearchGapList, SearchGapReview, SearchGapReviewBody } from '@parley/protocol';
import { get, post } from '../api';
import { timeAgo } from '../format';
import { type Load, Loaded, useLoad } from '../load';
import { Link } from '../router';
import type { Act } from './kb-act';

const OUTCOME: Record<BotGapOutcome, string> = {
  offer_handoff: 'offered a person',
  clarify: "asked 'Did you mean'",
  not_helpful: 'answer voted not helpful',
};

/*
 * Gaps in the knowledge base (owners and admins): the bot's retriever and the help center's
 * search only know the words of an article's phrasings, so each real question the bot missed,
 * and each search that found nothing, can become one more phrasing of the right article, or be
 * dismissed. A handled row leaves its list.
 */

interface GapsProps {
  siteId: string;
  articles: Article[];
  act: Act;
}

/** "Questions the bot missed": visitors' messages the bot had no answer for. */
export function MissedQuestions({ siteId, articles, act }: GapsProps) {
  const base = `/sites/${siteId}/kb-gaps`;
  const missed = useLoad(async () => (await get<BotGapList>(base)).gaps, [base]);
  const review = (gap: BotGap, body: BotGapReviewBody, done: string) =>
    act(async () => {
      await post<BotGapReview, BotGapReviewBody>(`${base}/${gap.messageId}`, body);
      missed.set((gaps) => gaps.filter((g) => g.messageId !== gap.messageId));
    }, done);
  return (
    <GapSection title="Questions the bot missed" asked="Question" empty="Nothing to review: the bot answered every question, or they are all handled." load={missed}>
      {(gap) => (
        <tr key={gap.messageId}>
          <th scope="row">
            {gap.text}
            <br />
            <small class="muted">
              Bot {OUTCOME[gap.outcome]} · <When iso={gap.createdAt} /> · <Link to={`/c/${gap.conversationId}`}>conversation</Link>
            </small>
          </th>
          <GapDecision
            articles={articles}
            suggested={gap.suggestedArticle?.id}
            words={gap.text}
            add={(articleId, text) => void review(gap, { action: 'add_phrasing', articleId, text }, 'Phrasing added: the bot knows this question now')}
            dismiss={() => void review(gap, { action: 'dismiss' }, 'Dismissed')}
          />
        </tr>
      )}
    </GapSection>
  );
}

/** "Searches with no result": what visitors searched the help center for in vain, the most asked first. */
export function SearchGaps({ siteId, articles, act }: GapsProps) {
  const base = `/sites/${siteId}/kb-gaps/searches`;
  const searches = useLoad(async () => (await get<SearchGapList>(base)).searches, [base]);
  const review = (query: string, body: SearchGapReviewBody, done: string) =>
    act(async () => {
      await post<SearchGapReview, SearchGapReviewBody>(base, body);
      searches.set((rows) => rows.filter((s) => s.query !== query));
    }, done);
  return (
    <GapSection title="Searches with no result" asked="Search" empty="Nothing to review: every search found an article, or they are all handled." load={searches}>
      {({ query, searches: n, lastAt }) => (
        <tr key={query}>
          <th scope="row">
            {query}
            <br />
            <small class="muted">
              Searched {n === 1 ? 'once' : `${n} times`} · <When iso={lastAt} />
            </small>
          </th>
          <GapDecision
            articles={articles}
            words={query}
            add={(articleId, text) => void review(query, { action: 'add_phrasing', query, articleId, text }, 'Phrasing added: searching for it finds the article now')}
            dismiss={() => void review(query, { action: 'dismiss', query }, 'Dismissed')}
          />
        </tr>
      )}
    </GapSection>
  );
}

/** One list of gaps: what was asked beside the decision on it, or a line saying none is left. */
function GapSection<T>(props: { title: string; asked: string; empty: string; load: Load<T[]>; children: (gap: T) => ComponentChildren }) {
  return (
    <section class="kb-gaps" aria-label={props.title}>
      <h3>{props.title}</h3>
      <Loaded load={props.load}>
        {(gaps) =>
          gaps.length === 0 ? (
            <p class="empty">{props.empty}</p>
          ) : (
            <table class="articles">
              <thead>
                <tr>
                  <th scope="col">{props.asked}</th>
                  <th scope="col">Article</th>
                  <th scope="col">Phrasing to add</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>{gaps.map(props.children)}</tbody>
            </table>
          )
        }
      </Loaded>
    </section>
  );
}

/** The cells deciding on one gap: the visitor's words (editable) become a phrasing of the chosen article, or the gap is dismissed. */
function GapDecision({ articles, suggested, words, add, dismiss }: { articles: Article[]; suggested?: string; words: string; add: (articleId: string, text: string) => void; dismiss: () => void }) {
  const [articleId, setArticleId] = useState(suggested ?? '');
  const [text, setText] = useState(words);
  return (
    <>
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
        <button type="button" disabled={!articleId || !text.trim()} onClick={() => add(articleId, text)}>
          Add as phrasing
        </button>{' '}
        <button type="button" class="link" onClick={dismiss}>
          Dismiss
        </button>
      </td>
    </>
  );
}

function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()}>
      {timeAgo(iso)}
    </time>
  );
}

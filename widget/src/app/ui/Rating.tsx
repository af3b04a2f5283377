import { useState } from 'preact/hooks';
import { fill } from '../i18n';
import { useChat } from './context';

/** End of chat: 1–5 stars (a radio group, so arrow keys work) and an optional comment. */
export function Rating() {
  const [chat, s] = useChat();
  const t = s.strings;
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  if (s.rated) return <p class="p-note">{t.ratingThanks}</p>;
  return (
    <form
      class="p-rating"
      onSubmit={(e) => {
        e.preventDefault();
        if (stars) chat.rate(stars, comment);
      }}
    >
      <fieldset>
        <legend>{t.rate}</legend>
        <div class="p-stars">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} class={n <= stars ? 'p-star p-on' : 'p-star'}>
              <input type="radio" name="p-stars" value={n} checked={stars === n} onChange={() => setStars(n)} aria-label={fill(t.star, { n })} />
              <span aria-hidden="true">★</span>
            </label>
          ))}
        </div>
      </fieldset>
      <textarea class="p-input" rows={2} aria-label={t.comment} placeholder={t.comment} maxLength={1000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      <button type="submit" class="p-primary" disabled={!stars}>
        {t.submit}
      </button>
    </form>
  );
}

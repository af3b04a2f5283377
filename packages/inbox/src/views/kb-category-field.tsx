import { useEffect, useRef, useState } from 'preact/hooks';

// Option values: a category's name is any one line of text, so it is prefixed to never be mistaken for these.
const NONE = 'none';
const NEW = 'new';
const NAMED = 'name:';

/**
 * An article's category: none, one of the site's `names`, or a new one typed in. A new name
 * needs no request of its own: the server makes it a category when categories are next read.
 */
export function CategoryField({ value, names, onChange }: { value: string | null; names: string[]; onChange: (category: string | null) => void }) {
  const [typing, setTyping] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => void (typing && input.current?.focus()), [typing]);
  // A name not (yet) among the loaded ones (they are still loading, or it is new) stays a choice.
  const choices = value !== null && !typing && !names.includes(value) ? [...names, value] : names;
  return (
    <>
      <label>
        Category
        <select
          value={typing ? NEW : value === null ? NONE : NAMED + value}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setTyping(v === NEW);
            onChange(v.startsWith(NAMED) ? v.slice(NAMED.length) : null);
          }}
        >
          <option value={NONE}>No category</option>
          {choices.map((name) => (
            <option value={NAMED + name}>{name}</option>
          ))}
          <option value={NEW}>New category…</option>
        </select>
      </label>
      {typing && (
        <label>
          New category's name
          <input ref={input} required maxLength={80} value={value ?? ''} onInput={(e) => onChange(e.currentTarget.value || null)} />
        </label>
      )}
    </>
  );
}

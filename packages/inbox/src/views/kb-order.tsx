import { useEffect, useRef } from 'preact/hooks';

export type Step = -1 | 1;

/** `items` with the one at `index` moved one place up (-1) or down (1). */
export function moved<T>(items: readonly T[], index: number, by: Step): T[] {
  const next = [...items];
  const [item] = next.splice(index, 1);
  next.splice(index + by, 0, item!);
  return next;
}

/**
 * Keeps focus on a row that moved. Preact reorders a keyed list by moving DOM nodes, and a
 * moved node loses focus, so after the render that moved it the row's same button takes it
 * again; once the row reached an end that button is disabled, and its other one takes it, so
 * a keyboard user can keep moving without hunting for the row.
 */
export function useFocusAfterMove<E extends HTMLElement>() {
  const list = useRef<E>(null);
  const pending = useRef<{ id: string; by: Step } | null>(null);
  useEffect(() => {
    const p = pending.current;
    if (!p || !list.current) return;
    pending.current = null;
    const buttons = [...list.current.querySelectorAll<HTMLButtonElement>('button[data-move]')].filter((b) => b.dataset.move === p.id && !b.disabled);
    (buttons.find((b) => b.dataset.by === String(p.by)) ?? buttons[0])?.focus();
  });
  return { list, focusAfter: (id: string, by: Step) => void (pending.current = { id, by }) };
}

/** "Move up" and "Move down" for one row of an ordered list; each names the row for screen readers. */
export function MoveButtons({ id, name, index, count, onMove }: { id: string; name: string; index: number; count: number; onMove: (by: Step) => void }) {
  const button = (by: Step, text: string) => (
    <button type="button" class="move" data-move={id} data-by={by} disabled={index + by < 0 || index + by >= count} onClick={() => onMove(by)}>
      {text}
      <span class="sr-only">: {name}</span>
    </button>
  );
  return (
    <>
      {button(-1, 'Move up')} {button(1, 'Move down')}
    </>
  );
}

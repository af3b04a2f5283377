import { useEffect, useState } from 'preact/hooks';

/** A value with subscribers: the app's state, read by components through useStore. */
export class Store<T extends object> {
  private listeners = new Set<() => void>();
  constructor(private value: T) {}

  get(): T {
    return this.value;
  }

  set(patch: Partial<T>): void {
    this.value = { ...this.value, ...patch };
    for (const fn of this.listeners) fn();
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

export function useStore<T extends object>(store: Store<T>): T {
  const [, rerender] = useState(0);
  const rendered = store.get();
  useEffect(() => {
    const off = store.subscribe(() => rerender((n) => n + 1));
    // Effects run after paint: a change made between render and subscribe would be missed.
    if (store.get() !== rendered) rerender((n) => n + 1);
    return off;
  }, [store]);
  return rendered;
}

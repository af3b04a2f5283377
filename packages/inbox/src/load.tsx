import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from './api';

/** A read from the inbox API as a view shows it. */
export interface Load<T> {
  /** The newest answer; kept while a reload is under way, so a refetch never flashes "Loading…". */
  data: T | undefined;
  /** Why the last request failed, in the server's words where it gave some. */
  error: string | null;
  /** Asks again; settles (never rejects) once the answer or the error is shown, or a newer request overtook it. */
  reload(): Promise<void>;
  /**
   * Shows what a write returned as the newest answer (`next`, or `next(data)` with data to
   * change), dropping any answer still on its way: it was asked before the write.
   */
  set(next: T | ((data: T) => T)): void;
}

/**
 * Loads with `load` now and whenever `deps` change. Only the latest request may answer: an
 * earlier one that comes back late (a slow load overtaken by a stream refetch, a filter
 * changed meanwhile) is dropped, so it can never overwrite newer data. `load` gets an
 * AbortSignal that fires once its request is overtaken, to skip work nobody will see.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Load<T> {
  const [state, setState] = useState<{ data: T | undefined; error: string | null }>({ data: undefined, error: null });
  const latestLoad = useRef(load);
  latestLoad.current = load;
  const latestRequest = useRef<AbortController | null>(null);
  // Made once, so a stream listener subscribed at mount calls the same reload as a button.
  const [actions] = useState(() => {
    const supersede = () => {
      latestRequest.current?.abort();
      latestRequest.current = new AbortController();
      return latestRequest.current.signal;
    };
    return {
      async reload() {
        const signal = supersede();
        setState((s) => (s.error === null ? s : { data: s.data, error: null }));
        try {
          const data = await latestLoad.current(signal);
          if (!signal.aborted) setState({ data, error: null });
        } catch (e) {
          if (!signal.aborted) setState((s) => ({ data: s.data, error: messageOf(e, 'Could not reach the server') }));
        }
      },
      set(next: T | ((data: T) => T)) {
        supersede();
        setState((s) => {
          if (typeof next !== 'function') return { data: next, error: null };
          return s.data === undefined ? s : { data: (next as (data: T) => T)(s.data), error: null };
        });
      },
    };
  });
  useEffect(() => {
    void actions.reload();
    return () => latestRequest.current?.abort();
  }, deps);
  return { ...state, ...actions };
}

/**
 * A read's error and a Retry button. Views show it through `Loaded`; a read that only adds to
 * a view (the team in the assignee list) shows it on its own, where it is missed.
 */
export function LoadFailed({ error, retry }: { error: string; retry: () => unknown }) {
  return (
    <div class="load-failed">
      <p class="error" role="alert">
        {error}
      </p>
      <button type="button" onClick={() => void retry()}>
        Retry
      </button>
    </div>
  );
}

/**
 * The states of a read: "Loading…" until its first answer, then `children(data)`. A failure
 * shows its error and Retry, above the data it could not refresh if there is some.
 */
export function Loaded<T>({ load, children }: { load: Load<T>; children: (data: T) => ComponentChildren }) {
  const failed = load.error !== null && <LoadFailed error={load.error} retry={load.reload} />;
  if (load.data === undefined) return failed || <p class="loading">Loading…</p>;
  // `failed` keeps its slot when false, so the data below is not remounted when it comes and goes.
  return (
    <>
      {failed}
      {children(load.data)}
    </>
  );
}

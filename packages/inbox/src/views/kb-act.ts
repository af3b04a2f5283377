import { useSaver } from '../saver';

/** Runs a change of the knowledge base with a status line, then reloads what it may have changed. */
export type Act = (what: () => Promise<string | void>, done: string) => Promise<void>;

/**
 * An `Act` and its status line, which a part of the page shows beside its own controls, so a
 * refusal (a name already taken) is read where it was asked for. A message `what` resolves to
 * is the status line instead of `done`.
 */
export function useAct(reload: () => Promise<unknown>) {
  const [run, statusLine] = useSaver();
  const act: Act = (what, done) =>
    run(async () => {
      const message = await what();
      await reload();
      return message;
    }, done);
  return [act, statusLine] as const;
}

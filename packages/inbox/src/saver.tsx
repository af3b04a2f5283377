import { useState } from 'preact/hooks';
import { messageOf } from './api';

/**
 * Saves with a status line; errors from the server (which names the bad field) are shown as
 * they are. An action that resolves to a message (an import's counts) shows it instead of `done`.
 */
export function useSaver() {
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (what: () => Promise<string | void>, done = 'Saved') => {
    try {
      const message = await what();
      setStatus({ ok: true, text: typeof message === 'string' && message ? message : done });
    } catch (e) {
      setStatus({ ok: false, text: messageOf(e, 'Could not save') });
    }
  };
  const line = status && (
    <p class={status.ok ? 'ok' : 'error'} role={status.ok ? 'status' : 'alert'}>
      {status.text}
    </p>
  );
  return [run, line] as const;
}

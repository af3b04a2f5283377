import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Failed } from './Parts';

/** Where a view of its own chunk goes: fetched on first use; a failed fetch says so and offers a retry. */
function lazyView(importView: () => Promise<FunctionComponent>) {
  let loading: Promise<FunctionComponent> | undefined;
  const load = () => (loading ??= importView());
  return function Lazy() {
    const [View, setView] = useState<FunctionComponent | null>(null);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (failed) return;
      load().then(
        (v) => setView(() => v),
        () => {
          loading = undefined;
          setFailed(true);
        },
      );
    }, [failed]);
    if (View) return <View />;
    return failed ? <Failed retry={() => setFailed(false)} /> : null;
  };
}

// The Help view and the tickets' form and list are chunks of their own: a visitor who only
// chats never downloads them, and the chat panel stays within its byte budget
// (test/served-assets.test.ts).
export const HelpSlot = lazyView(() => import('../help/Help').then((m) => m.Help));
export const TicketsSlot = lazyView(() => import('../tickets/Tickets').then((m) => m.Tickets));

import type { Conversation, Message, QueueState, WidgetConfig } from '@parley/protocol';
import type { UiLocale } from '../shared/locale';
import { en, type Strings } from './i18n';
import type { Draft, Pending } from './timeline';

export interface ChatState {
  strings: Strings;
  locale: UiLocale;
  open: boolean;
  /** `ticket`: the "Send us a message" form; `tickets`: "Your requests". */
  view: 'chat' | 'history' | 'help' | 'ticket' | 'tickets';
  hasSession: boolean;
  conversations: Conversation[];
  current: Conversation | null;
  /** Place in line and expected wait while the current conversation waits for an agent. */
  queue: QueueState | null;
  messages: Message[];
  pending: Pending[];
  /** Bot answers of the current conversation still being streamed. */
  drafts: Draft[];
  typing: boolean;
  online: boolean;
  teaser: string | null;
  /** Message ids the visitor already judged with "Was this helpful?". */
  judged: number[];
  rated: boolean;
  emailSaved: string | null;
  /** Text waiting for the composer: the question a visitor carries from the Help view. */
  prefill: string;
  /**
   * The help visit this page load is in (the server's help/measure.ts): the help center's,
   * carried in the address by its "Chat with us", or the Help view's own. A conversation
   * started after it names it, so the visit counts as not deflected.
   */
  helpSession: string;
  /** The consent box, while the site asks for consent this visitor has not given (or the server asked again). */
  consent: Consent | null;
  /** A confirmation under the conversation (the history was deleted). */
  notice: string | null;
  error: string | null;
}

export type Consent = NonNullable<WidgetConfig['consent']> & { ticked: boolean };

/** Everything that belongs to a visitor: a reset (log out) puts it back to this. */
export const signedOut = () =>
  ({
    hasSession: false,
    conversations: [],
    current: null,
    queue: null,
    messages: [],
    pending: [],
    drafts: [],
    typing: false,
    view: 'chat',
    rated: false,
    emailSaved: null,
    prefill: '',
    helpSession: '',
    notice: null,
  }) satisfies Partial<ChatState>;

export const initialState = (hasSession: boolean): ChatState => ({
  ...signedOut(),
  hasSession,
  strings: en,
  locale: 'en',
  open: false,
  online: navigator.onLine,
  teaser: null,
  judged: [],
  consent: null,
  error: null,
});

import { useEffect, useRef } from 'preact/hooks';
import { ticketStatus } from '../tickets/status';
import { needsContactForm } from '../validate';
import { Banner } from './Banner';
import { Composer } from './Composer';
import { Consent } from './Consent';
import { ContactForm } from './ContactForm';
import { useChat } from './context';
import { onTab } from './focus';
import { History } from './History';
import { HelpSlot, TicketsSlot } from './lazy';
import { Messages } from './Messages';

// A view's heading, where it takes the focus (useHeading), comes before its first control.
const FOCUSABLE = 'h3[tabindex], textarea, input, button:not([disabled])';

export function Panel() {
  const [chat, s] = useChat();
  const { texts } = chat.host.config;
  const t = s.strings;
  const panel = useRef<HTMLDivElement>(null);
  const needsForm = !s.hasSession && needsContactForm(chat.host.config.contactFields);
  const helpOn = s.view === 'help';
  const ticketsOn = s.view === 'ticket' || s.view === 'tickets';
  // In the history or a tickets view, the header's first button leads back to the conversation.
  const away = s.view !== 'chat';

  // Focus moves into the panel when it opens (the composer, or the form's first field), but
  // stays on a tab the visitor is moving between with the arrow keys.
  useEffect(() => {
    if (!s.open || onTab(panel.current)) return;
    const body = panel.current?.querySelector<HTMLElement>('.p-body');
    body?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
  }, [s.open, s.view, needsForm]);

  return (
    <div
      ref={panel}
      class="p-panel"
      role="dialog"
      aria-labelledby="p-title"
      part="panel"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          chat.host.close();
        }
      }}
    >
      <header class="p-head">
        <h2 id="p-title">{texts.title}</h2>
        {!helpOn && (
          <button type="button" class="p-icon" onClick={() => chat.history(!away)} aria-label={away ? t.back : t.history}>
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
              {away ? (
                <path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M15 5l-7 7 7 7" />
              ) : (
                <path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M12 7v5l3 2M12 3a9 9 0 1 1 0 18 9 9 0 0 1 0-18z" />
              )}
            </svg>
          </button>
        )}
        {s.view !== 'ticket' && (
          <button type="button" class="p-icon" onClick={chat.ticket} aria-label={t.ticketNew}>
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
              <path fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" d="M3 6h18v12H3zM3 6l9 7 9-7" />
            </svg>
          </button>
        )}
        <button type="button" class="p-icon" onClick={() => chat.host.close()} aria-label={t.close}>
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
            <path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M6 6l12 12M18 6L6 18" />
          </svg>
        </button>
      </header>
      <div
        class="p-tabs"
        role="tablist"
        onKeyDown={(e) => {
          // Two tabs: any arrow moves to the other one, whichever way the text runs.
          if (!/^Arrow(Left|Right)$/.test(e.key)) return;
          e.currentTarget.querySelector<HTMLElement>('[tabindex="-1"]')?.focus();
          if (helpOn) chat.history(false);
          else chat.help();
        }}
      >
        {[t.chat, t.help].map((label, i) => (
          <button
            type="button"
            role="tab"
            id={`p-tab${i}`}
            aria-controls="p-body"
            aria-selected={helpOn === !!i}
            tabIndex={helpOn === !!i ? 0 : -1}
            onClick={() => (i ? chat.help() : chat.history(false))}
          >
            {label}
          </button>
        ))}
      </div>
      <div class="p-body" id="p-body" role="tabpanel" aria-labelledby={`p-tab${+helpOn}`}>
        {helpOn ? (
          <HelpSlot />
        ) : s.view === 'history' ? (
          <History />
        ) : ticketsOn ? (
          <TicketsSlot />
        ) : (
          <>
            {/* A ticket's thread says which request it is, as its mails do, and where it stands. */}
            {s.current?.kind === 'ticket' && (
              <p class="p-note p-pad">
                #{s.current.reference} · {s.current.subject} · {ticketStatus(t, s.current.status)}
              </p>
            )}
            <Messages />
            {!s.online && (
              <p class="p-offline" role="status">
                {t.offline}
              </p>
            )}
            {s.notice && (
              <p class="p-pad" role="status">
                {s.notice}
              </p>
            )}
            {s.error && (
              <p class="p-error p-pad" role="alert">
                {s.error}
              </p>
            )}
            <Banner />
            {needsForm ? (
              <ContactForm />
            ) : (
              <>
                <Consent />
                <Composer />
              </>
            )}
          </>
        )}
        {/^https?:\/\//i.test(texts.privacyUrl ?? '') && (
          <p class="p-privacy">
            {t.privacy}{' '}
            <a href={texts.privacyUrl!} target="_blank" rel="noopener noreferrer">
              {t.privacyLink}
            </a>
          </p>
        )}
      </div>
    </div>
  );
}

import { render } from 'preact';
import type { App, MountApp } from '../shared/contract';
import { createChat } from './chat';
import css from './app.css?inline';
import { ChatContext } from './ui/context';
import { Panel } from './ui/Panel';
import { Teaser } from './ui/Teaser';

/** The app chunk's entry: the loader imports it and calls mount once. */
export const mount: MountApp = (host) => {
  host.style(css);
  const chat = createChat(host);
  render(
    <ChatContext.Provider value={chat}>
      <Teaser />
      <Panel />
    </ChatContext.Provider>,
    host.mount,
  );
  chat.start().catch(host.warn);
  const app: App = {
    setOpen: (open) => chat.setOpen(open),
    setLocale: (locale) => void chat.setLocale(locale),
    identify: (identity) => chat.identify(identity),
    update: (data) => chat.update(data),
    reset: () => chat.reset(),
    showMessage: (text) => chat.showMessage(text),
    ask: (text, helpSession) => chat.ask(text, helpSession),
  };
  return app;
};

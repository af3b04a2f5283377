import type { IdentifyBody, UpdateVisitorBody, WidgetConfig } from '@parley/protocol';

/*
 * The seam between the loader (widget.js, plain DOM, always loaded) and the app chunk
 * (Preact, fetched on first open or on idle for a returning visitor).
 */

export type ParleyEvent = 'message' | 'open' | 'close' | 'unread';

/** `Parley('identify', …)`: the body of POST /v1/widget/identify, whose `site` the widget adds. */
export type Identity = Omit<IdentifyBody, 'site'>;

/** `Parley('update', …)`: the fields of PATCH /v1/widget/visitor a page sets (locale and page are the widget's). */
export type VisitorUpdate = Pick<UpdateVisitorBody, 'name' | 'email' | 'phone' | 'attributes'>;

/** Every `Parley(...)` command; the command tuples below are derived from it. */
export interface ParleyApi {
  open(): void;
  close(): void;
  toggle(): void;
  identify(identity: Identity): void;
  update(data: VisitorUpdate): void;
  setLocale(locale: string): void;
  on(event: ParleyEvent, listener: (payload: unknown) => void): void;
  reset(): void;
  showMessage(text: string): void;
  /** Opens the panel on a new conversation with `text` in the composer, for the visitor to send or edit. */
  ask(text: string): void;
}

export type ParleyCommand = { [K in keyof ParleyApi]: [K, ...Parameters<ParleyApi[K]>] }[keyof ParleyApi];

/** What the loader gives the app when it mounts it. */
export interface Host {
  /** The element the app renders into, inside the shadow root. */
  mount: HTMLElement;
  /** Applies the app's CSS: a constructed sheet, or nothing where the linked fallback stylesheet already holds it. */
  style(css: string): void;
  config: WidgetConfig;
  /** The server's origin: the script's own origin unless data-api says otherwise. */
  api: string;
  site: string;
  locale: string;
  open(): void;
  /** The panel asks to close (Esc, the close button); focus goes back to the launcher. */
  close(): void;
  emit(event: ParleyEvent, payload: unknown): void;
  setUnread(count: number): void;
  /** Translated launcher labels, once the app has its strings. */
  label(open: string, close: string): void;
  warn(error: unknown): void;
}

/** The app chunk's side: the commands the loader forwards once it is loaded. */
export interface App extends Pick<ParleyApi, 'identify' | 'update' | 'reset' | 'showMessage'> {
  setOpen(open: boolean): void;
  setLocale(locale: string): void;
  /** `Parley('ask')`, or a help center's link with its visit (`helpSession`). */
  ask(text: string, helpSession?: string): void;
}

export type MountApp = (host: Host) => App;

import type { WidgetConfig } from '@parley/protocol';
import type { App, Host, MountApp, ParleyApi, ParleyCommand, ParleyEvent } from '../shared/contract';
import { textOn } from '@parley/protocol/contrast';
import { isRtl, pickLocale } from '../shared/locale';
import { readStored, storageKey, writeStored } from '../shared/storage';
import type { ParleyStub } from '../shared/stub';
import { ICONS } from './icons';
import css from './loader.css?inline';

/*
 * widget.js: the only file the script tag loads. It installs `window.Parley`, shows the
 * launcher, and fetches the app chunk on first open (or on idle for a returning visitor).
 * Nothing here may throw into the host page: every entry point is guarded, and the first
 * failure is reported once with console.warn.
 */

/** The app chunk's and the fallback stylesheet's file names, set by the build (build/build.ts). */
declare const __PARLEY_APP__: string;
declare const __PARLEY_STYLES__: string;

type Loaded = ParleyStub & { loaded?: true };
const win = window as unknown as { Parley?: Loaded };

let warned = false;
function warn(error: unknown) {
  if (warned) return;
  warned = true;
  console.warn('[parley]', error instanceof Error ? error.message : error);
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  return e;
}

const domReady = () =>
  new Promise<void>((resolve) => (document.body ? resolve() : document.addEventListener('DOMContentLoaded', () => resolve(), { once: true })));

function start() {
  if (win.Parley?.loaded) return;
  const script = document.currentScript as HTMLScriptElement | null;
  const src = script?.src || location.href;
  const site = script?.dataset.site ?? '';
  const api = (script?.dataset.api ?? new URL(src).origin).replace(/\/$/, '');
  const queued = Array.from(win.Parley?.q ?? []);
  const listeners: Partial<Record<ParleyEvent, ((payload: unknown) => void)[]>> = {};
  let explicitLocale: string | undefined;
  let app: App | undefined;
  let appLoading: Promise<App> | undefined;
  let open = false;
  let lastUnread = -1;

  const emit = (event: ParleyEvent, payload: unknown) => {
    for (const fn of listeners[event] ?? []) {
      try {
        fn(payload);
      } catch (e) {
        warn(e);
      }
    }
  };

  const configKey = `${storageKey(site)}:config`;
  const fresh: Promise<WidgetConfig> = site
    ? fetch(`${api}/v1/widget/config?site=${encodeURIComponent(site)}`).then(async (res) => {
        if (!res.ok) throw new Error(`widget config failed (HTTP ${res.status})`);
        const config = (await res.json()) as WidgetConfig;
        writeStored(configKey, config);
        return config;
      })
    : Promise.reject(new Error('the script tag needs data-site'));
  // The launcher shows at once, styled by the config this browser saw last (or the defaults),
  // and is restyled when the fresh config arrives: that second round trip stays off the
  // launcher's critical path. A config that fails takes the widget away again.
  const ready = domReady().then(() => build(readStored<WidgetConfig>(configKey)));
  // Reported once here; a rejection left unhandled would reach the page's own error tracking.
  fresh.catch(() => {});
  ready.catch(warn);

  function build(cached: Partial<WidgetConfig>) {
    let config = cached as WidgetConfig;
    const hostEl = document.createElement('parley-widget');
    const root = hostEl.attachShadow({ mode: 'open' });
    const wrap = element('div', 'p-root');
    // Constructed sheets where the browser has them. Without (Safari < 16.4), one <link> to
    // the same rules, loader's and app's, on the script's origin: a strict CSP that lets the
    // script in allows it, where an inline <style> would be refused. Hidden until it applies.
    const constructable = 'replaceSync' in CSSStyleSheet.prototype;
    const style = (text: string) => {
      if (!constructable) return;
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(text);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    };
    if (!constructable) {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = new URL(`widget/${__PARLEY_STYLES__}`, src).href;
      wrap.hidden = true;
      link.onload = () => (wrap.hidden = false);
      link.onerror = () => warn(new Error('widget stylesheet failed'));
      root.append(link);
    }
    style(css);
    // Custom properties set through the CSSOM, which CSP does not govern, on either path.
    const applyTheme = ({ color, position }: WidgetConfig['theme'] = { color: '#1f6feb', position: 'right' }) => {
      hostEl.style.setProperty('--p-accent', color);
      hostEl.style.setProperty('--p-on-accent', textOn(color));
      wrap.classList.toggle('p-left', position === 'left');
    };
    applyTheme(config.theme);
    const launcher = element('button', 'p-launcher');
    launcher.type = 'button';
    launcher.setAttribute('part', 'launcher');
    launcher.setAttribute('aria-expanded', 'false');
    launcher.innerHTML = ICONS;
    const badge = element('span', 'p-badge');
    badge.hidden = true;
    launcher.append(badge);
    const mount = element('div', 'p-app');
    wrap.append(mount, launcher);
    root.append(wrap);
    document.body.append(hostEl);
    // Single-page apps that re-render <body> drop foreign nodes: put the widget back, with
    // its shadow root, state and open stream intact.
    const keeper = new MutationObserver(() => hostEl.isConnected || document.body.append(hostEl));
    keeper.observe(document.body, { childList: true });

    let labels = ['Open chat', 'Close chat'];
    const localeNow = () => pickLocale(explicitLocale, config.locale, document.documentElement.lang, navigator.language);
    const applyLocale = () => {
      wrap.dir = isRtl(localeNow()) ? 'rtl' : 'ltr';
      launcher.setAttribute('aria-label', labels[open ? 1 : 0]!);
    };
    applyLocale();

    const host: Host = {
      mount,
      style,
      config,
      api,
      site,
      locale: localeNow(),
      open: () => setOpen(true),
      close: () => {
        setOpen(false);
        launcher.focus();
      },
      emit,
      setUnread(count) {
        badge.hidden = count === 0;
        badge.textContent = count > 9 ? '9+' : String(count);
        if (count !== lastUnread) emit('unread', count);
        lastUnread = count;
      },
      label(openText, closeText) {
        labels = [openText, closeText];
        applyLocale();
      },
      warn,
    };

    const ensureApp = () =>
      (appLoading ??= fresh.then(() => import(/* @vite-ignore */ new URL(`widget/${__PARLEY_APP__}`, src).href).then((m: { mount: MountApp }) => {
        app = m.mount(host);
        return app;
      })));
    const withApp = (fn: (a: App) => void) =>
      ensureApp()
        .then(fn)
        .catch((e: unknown) => {
          warn(e);
          if (open) setOpen(false);
        });

    function setOpen(next: boolean) {
      if (next === open) return;
      open = next;
      wrap.classList.toggle('p-open', open);
      launcher.setAttribute('aria-expanded', String(open));
      applyLocale();
      emit(open ? 'open' : 'close', undefined);
      if (open) void withApp((a) => open && a.setOpen(true));
      else app?.setOpen(false);
    }

    launcher.addEventListener('click', () => setOpen(!open));
    // Start fetching the panel as soon as the visitor shows intent.
    launcher.addEventListener('pointerenter', () => void withApp(() => {}), { once: true });
    host.setUnread(readStored<{ unread: number }>(storageKey(site)).unread ?? 0);
    // A returning visitor's stream (new replies, the unread badge) starts once the page is idle.
    if (readStored<{ token: string }>(storageKey(site)).token) {
      const idle = (window as { requestIdleCallback?: (fn: () => void) => void }).requestIdleCallback ?? ((fn) => setTimeout(fn, 1500));
      idle(() => void withApp(() => {}));
    }

    const ask = (text: unknown, helpSession?: string) => {
      setOpen(true);
      void withApp((a) => a.ask(String(text).slice(0, 2000), helpSession));
    };
    const commands: ParleyApi = {
      open: () => setOpen(true),
      close: () => setOpen(false),
      toggle: () => setOpen(!open),
      on: (event, fn) => {
        if (typeof fn === 'function') (listeners[event] ??= []).push(fn);
      },
      setLocale: (locale) => {
        explicitLocale = String(locale);
        host.locale = localeNow();
        applyLocale();
        app?.setLocale(host.locale);
      },
      identify: (identity) => void withApp((a) => a.identify(identity)),
      update: (data) => void withApp((a) => a.update(data)),
      showMessage: (text) => void withApp((a) => a.showMessage(String(text))),
      ask: (text) => ask(text),
      reset: () => {
        try {
          localStorage.removeItem(storageKey(site));
        } catch {
          // Storage disabled: there is nothing stored to forget.
        }
        host.setUnread(0);
        app?.reset();
      },
    };
    return fresh.then(
      (c) => {
        config = host.config = c;
        host.locale = localeNow();
        applyTheme(c.theme);
        applyLocale();
        // A help center's "Chat with us" leads here with its question and visit in the fragment.
        const asked = new URLSearchParams(location.hash.slice(1));
        const question = asked.get('parley-ask');
        if (question) {
          history.replaceState(history.state, '', location.pathname + location.search);
          ask(question, asked.get('parley-help') ?? undefined);
        }
        return commands;
      },
      (e: unknown) => {
        keeper.disconnect();
        hostEl.remove();
        throw e;
      },
    );
  }

  const parley: Loaded = (...command: ParleyCommand) => {
    ready
      .then((commands) => {
        const [name, ...args] = command;
        const fn = commands[name] as ((...a: unknown[]) => void) | undefined;
        if (typeof fn !== 'function') throw new Error(`unknown command ${String(name)}`);
        fn(...args);
      })
      .catch(warn);
  };
  parley.loaded = true;
  win.Parley = parley;
  for (const args of queued) parley(...(Array.from(args) as ParleyCommand));
}

try {
  start();
} catch (e) {
  warn(e);
}

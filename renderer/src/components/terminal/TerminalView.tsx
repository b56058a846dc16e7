import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { TerminalSource } from './terminalSource';
import { loadWebglRenderer } from './webglRenderer';
import { writeSlices } from './writeSlices';
import './terminal.css';

export interface TerminalViewProps {
  source: TerminalSource;
  /** Accessible name of the terminal, e.g. the node's name. */
  label: string;
  /** Text typed into the prompt once, not followed by Enter (diagnostics the user may run). */
  prefill?: string;
  /** Called with the view's focus API so a container can focus it on tab switch. */
  autoFocus?: boolean;
}

const THEMES: Record<'light' | 'dark', ITheme> = {
  light: {
    background: '#fbfcfd',
    foreground: '#1d2330',
    cursor: '#2f6fed',
    selectionBackground: '#c5d7ff',
  },
  dark: {
    background: '#0f1217',
    foreground: '#e6e9ef',
    cursor: '#6c9bff',
    selectionBackground: '#34466b',
  },
};

function currentTheme(): 'light' | 'dark' {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

/**
 * xterm.js on a TerminalSource: fit to the container (and tell the pty), search with Ctrl+Shift+F,
 * clickable links, Ctrl+Shift+C / Ctrl+Shift+V for copy and paste (Ctrl+C stays an interrupt).
 */
export function TerminalView({
  source,
  label,
  prefill,
  autoFocus,
}: TerminalViewProps): JSX.Element {
  const { t } = useTranslation();
  const hostRef = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const searchRef = useRef<SearchAddon | null>(null);
  const [searching, setSearching] = useState(false);
  const [query, setQuery] = useState('');

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return undefined;
    const term = new Terminal({
      fontFamily:
        "ui-monospace, 'DejaVu Sans Mono', 'Noto Sans Mono CJK SC', 'WenQuanYi Micro Hei Mono', monospace",
      fontSize: 13,
      scrollback: 5000,
      // A blinking cursor keeps Chromium producing frames 60 times a second while the terminal
      // has focus, so an echo waited ~17 ms for its frame instead of ~3 ms (bench/RESULTS.md,
      // terminal). xterm.js and VS Code do not blink by default either.
      cursorBlink: false,
      theme: THEMES[currentTheme()],
      screenReaderMode: false,
    });
    const fit = new FitAddon();
    const search = new SearchAddon();
    term.loadAddon(fit);
    term.loadAddon(search);
    term.loadAddon(
      new WebLinksAddon((event, uri) => {
        event.preventDefault();
        window.open(uri, '_blank', 'noopener,noreferrer');
      }),
    );
    term.open(host);
    term.textarea?.setAttribute('aria-label', label);
    let disposed = false;
    host.dataset.renderer = 'dom';
    void loadWebglRenderer(term, () => disposed).then((kind) => {
      if (!disposed) host.dataset.renderer = kind;
    });
    termRef.current = term;
    searchRef.current = search;

    term.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown' || !e.ctrlKey || !e.shiftKey) return true;
      const key = e.key.toLowerCase();
      if (key === 'c') {
        const text = term.getSelection();
        if (text) void navigator.clipboard?.writeText(text);
        return false;
      }
      if (key === 'v') {
        void navigator.clipboard?.readText().then((text) => term.paste(text));
        return false;
      }
      if (key === 'f') {
        setSearching(true);
        return false;
      }
      return true;
    });

    const input = term.onData((data) => source.write(data));
    const resized = term.onResize(({ cols, rows }) => source.resize(cols, rows));
    // The prefill waits for the first output (the prompt), or the shell would echo it above.
    let pendingPrefill = prefill;
    const unsubscribe = source.onData((chunk) => {
      // Bytes go to xterm.js as they are (it decodes UTF-8 itself); large chunks in slices so
      // acks flow back while it is still parsing.
      for (const slice of writeSlices(chunk)) term.write(slice, () => source.ack(slice.length));
      if (pendingPrefill) {
        // Cleared first: a source may echo synchronously, re-entering this listener.
        const text = pendingPrefill;
        pendingPrefill = undefined;
        source.write(text);
      }
    });

    const refit = (): void => {
      // A hidden tab has no size; fitting it would shrink the pty to nothing.
      if (host.clientWidth > 0 && host.clientHeight > 0) fit.fit();
    };
    const observer = new ResizeObserver(refit);
    observer.observe(host);
    refit();
    source.resize(term.cols, term.rows);
    if (autoFocus) term.focus();

    const themeObserver = new MutationObserver(() => {
      term.options.theme = THEMES[currentTheme()];
    });
    themeObserver.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme'],
    });

    return () => {
      disposed = true;
      themeObserver.disconnect();
      observer.disconnect();
      unsubscribe();
      input.dispose();
      resized.dispose();
      term.dispose();
      termRef.current = null;
    };
    // Keyed on the source alone: the prefill is typed once, and a new label must not reconnect.
  }, [source]);

  const find = (backwards: boolean): void => {
    if (!query) return;
    const options = { caseSensitive: false, incremental: !backwards };
    if (backwards) searchRef.current?.findPrevious(query, options);
    else searchRef.current?.findNext(query, options);
  };

  return (
    <div className="terminal-view" data-testid="terminal-view">
      {searching && (
        <div className="terminal-search" role="search">
          <input
            autoFocus
            type="search"
            value={query}
            placeholder={t('terminal.searchPlaceholder')}
            aria-label={t('terminal.search')}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') find(e.shiftKey);
              if (e.key === 'Escape') {
                setSearching(false);
                searchRef.current?.clearDecorations();
                termRef.current?.focus();
              }
            }}
          />
          <button type="button" onClick={() => find(true)} aria-label={t('terminal.previous')}>
            ↑
          </button>
          <button type="button" onClick={() => find(false)} aria-label={t('terminal.next')}>
            ↓
          </button>
          <button
            type="button"
            onClick={() => {
              setSearching(false);
              termRef.current?.focus();
            }}
            aria-label={t('terminal.closeSearch')}
          >
            ×
          </button>
        </div>
      )}
      <div ref={hostRef} className="terminal-host" />
    </div>
  );
}

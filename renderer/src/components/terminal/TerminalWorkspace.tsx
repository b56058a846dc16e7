import { useRef, type JSX, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TerminalSource, TerminalStatus } from './terminalSource';
import { TerminalView } from './TerminalView';

export interface TerminalPane {
  id: string;
  title: string;
  source: TerminalSource;
  status: TerminalStatus;
  prefill?: string;
}

export interface TerminalTab {
  id: string;
  title: string;
  /** One pane, or two side by side ('row') or stacked ('column'). */
  panes: readonly TerminalPane[];
  split: 'row' | 'column';
}

export interface TerminalWorkspaceProps {
  tabs: readonly TerminalTab[];
  activeTabId?: string;
  onActivate(tabId: string): void;
  onClose(tabId: string): void;
  onSplit?(tabId: string, direction: 'row' | 'column'): void;
  onReconnect?(paneId: string): void;
}

/**
 * Tabs of terminals, each tab one pane or a split of several. Every tab stays mounted while
 * hidden, so switching tabs keeps the scrollback and the SSH session.
 */
export function TerminalWorkspace({
  tabs,
  activeTabId,
  onActivate,
  onClose,
  onSplit,
  onReconnect,
}: TerminalWorkspaceProps): JSX.Element {
  const { t } = useTranslation();
  const tabRefs = useRef(new Map<string, HTMLButtonElement>());
  const active = activeTabId ?? tabs[0]?.id;

  const onTabKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const index = tabs.findIndex((tab) => tab.id === active);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0 || index < 0) return;
    e.preventDefault();
    const next = tabs[(index + step + tabs.length) % tabs.length];
    if (next) {
      onActivate(next.id);
      tabRefs.current.get(next.id)?.focus();
    }
  };

  return (
    <div className="terminal-workspace">
      <div
        className="terminal-tabs"
        role="tablist"
        aria-label={t('terminal.tabs')}
        onKeyDown={onTabKey}
      >
        {tabs.map((tab) => (
          <div key={tab.id} className={`terminal-tab${tab.id === active ? ' active' : ''}`}>
            <button
              ref={(el) => {
                if (el) tabRefs.current.set(tab.id, el);
                else tabRefs.current.delete(tab.id);
              }}
              type="button"
              role="tab"
              id={`tab-${tab.id}`}
              aria-selected={tab.id === active}
              aria-controls={`tabpanel-${tab.id}`}
              tabIndex={tab.id === active ? 0 : -1}
              className="terminal-tab-title"
              data-testid={`terminal-tab-${tab.id}`}
              onClick={() => onActivate(tab.id)}
            >
              <span
                className={`terminal-dot term-${tab.panes[0]?.status ?? 'closed'}`}
                aria-hidden="true"
              />
              {tab.title}
            </button>
            <button
              type="button"
              className="terminal-tab-close"
              aria-label={t('terminal.closeTab', { title: tab.title })}
              onClick={() => onClose(tab.id)}
            >
              ×
            </button>
          </div>
        ))}
        {onSplit && active && (
          <div className="terminal-actions">
            <button type="button" onClick={() => onSplit(active, 'row')}>
              {t('terminal.splitRight')}
            </button>
            <button type="button" onClick={() => onSplit(active, 'column')}>
              {t('terminal.splitDown')}
            </button>
          </div>
        )}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.id}
          role="tabpanel"
          id={`tabpanel-${tab.id}`}
          aria-labelledby={`tab-${tab.id}`}
          className={`terminal-panes split-${tab.split}`}
          hidden={tab.id !== active}
        >
          {tab.panes.map((pane) => (
            <div key={pane.id} className="terminal-pane" data-testid={`terminal-pane-${pane.id}`}>
              {tab.panes.length > 1 && <div className="terminal-pane-title">{pane.title}</div>}
              {(pane.status === 'closed' || pane.status === 'failed') && (
                <div className="terminal-banner" role="status">
                  {t(`terminal.status.${pane.status}`)}
                  {onReconnect && (
                    <button type="button" onClick={() => onReconnect(pane.id)}>
                      {t('terminal.reconnect')}
                    </button>
                  )}
                </div>
              )}
              <TerminalView
                source={pane.source}
                label={pane.title}
                prefill={pane.prefill}
                autoFocus={tab.id === active}
              />
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}

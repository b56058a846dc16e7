import { useEffect, useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { kubelab } from '../../bridge/kubelab';
import { TerminalWorkspace } from '../../components/terminal/TerminalWorkspace';
import { useNodesStore } from '../../state/nodesStore';
import { useTerminalsStore } from '../../state/terminalsStore';
import './terminals.css';

/** Terminal tabs on the nodes (and a local shell where there is one), with broadcast typing. */
export function TerminalsScreen(): JSX.Element {
  const { t } = useTranslation();
  const terms = useTerminalsStore();
  const nodes = useNodesStore((s) => s.nodes);
  const loaded = useNodesStore((s) => s.loaded);
  const loadNodes = useNodesStore((s) => s.load);
  const [local, setLocal] = useState<{ available: boolean; reason?: string }>();

  useEffect(() => {
    if (!loaded) void loadNodes();
    kubelab.terminal
      .localAvailable()
      .then(setLocal)
      .catch(() => setLocal({ available: false }));
  }, [loaded, loadNodes]);

  const panes = terms.tabs.flatMap((tab) => tab.panes.map((p) => ({ ...p, tab: tab.title })));

  return (
    <section
      className="area terminals"
      aria-labelledby="terminals-title"
      data-testid="area-terminals"
    >
      <div className="area-head">
        <h1 id="terminals-title">{t('terminals.title')}</h1>
        <div className="toolbar">
          {nodes.map((n) => (
            <button
              key={n.id}
              type="button"
              className="btn"
              disabled={terms.opening}
              data-testid={`open-terminal-${n.id}`}
              onClick={() => void terms.open({ kind: 'node', nodeId: n.id }, n.name)}
            >
              {t('terminals.open', { name: n.name })}
            </button>
          ))}
          {local?.available && (
            <button
              type="button"
              className="btn"
              onClick={() => void terms.open({ kind: 'local' }, t('terminals.local'))}
            >
              {t('terminals.openLocal')}
            </button>
          )}
        </div>
      </div>
      {terms.tabs.length === 0 ? (
        <div className="empty-state">
          <p className="empty">{t('terminals.empty')}</p>
          <p className="hint">{nodes.length === 0 ? t('terminals.next') : t('terminals.pick')}</p>
        </div>
      ) : (
        <>
          {panes.length > 1 && (
            <fieldset className="broadcast">
              <legend>{t('terminals.broadcast')}</legend>
              {panes.map((p) => (
                <label key={p.id}>
                  <input
                    type="checkbox"
                    checked={terms.broadcast.includes(p.id)}
                    onChange={() => terms.toggleBroadcast(p.id)}
                  />
                  {p.title}
                </label>
              ))}
            </fieldset>
          )}
          <div className="terminals-workspace">
            <TerminalWorkspace
              tabs={terms.tabs}
              activeTabId={terms.activeTabId}
              onActivate={terms.activate}
              onClose={terms.close}
              onSplit={(id, direction) => void terms.split(id, direction)}
              onReconnect={(id) => void terms.reconnect(id)}
            />
          </div>
        </>
      )}
    </section>
  );
}

import { useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { useBundleStore } from '../../state/bundleStore';
import { useNodesStore } from '../../state/nodesStore';
import { catalogLang } from '../history/historyView';
import { artifactLabel, artifactsByKind, formatSize, machinesFromFacts } from './bundleView';

/**
 * What the plan needs offline (bundle.plan) for the machines as their facts describe them: read
 * the facts, then list the artifacts by kind. Sizes come from the repositories' indexes and image
 * manifests, which the build reads first (its `resolved` event), so they show once it starts.
 */
export function NeedsPanel(): JSX.Element {
  const { t, i18n } = useTranslation();
  const lang = catalogLang(i18n.language);
  const { needs, needsLoading, needsError, loadNeeds, progress, status } = useBundleStore();
  const [reading, setReading] = useState(false);
  const [missing, setMissing] = useState<{ name: string; reason: string }[]>([]);
  const [noNodes, setNoNodes] = useState(false);

  const onRead = async (): Promise<void> => {
    setReading(true);
    try {
      const nodesStore = useNodesStore.getState();
      await nodesStore.load();
      const { nodes } = useNodesStore.getState();
      await Promise.all(nodes.map((n) => nodesStore.loadFacts(n.id)));
      const found = machinesFromFacts(nodes, useNodesStore.getState().facts);
      setNoNodes(nodes.length === 0);
      setMissing(found.missing);
      if (found.machines.length > 0 && found.missing.length === 0) await loadNeeds(found.machines);
    } finally {
      setReading(false);
    }
  };

  const sized = status !== 'idle' && progress.artifacts > 0;
  return (
    <section
      className="bundle-panel"
      aria-labelledby="bundle-needs-title"
      data-testid="bundle-needs"
    >
      <h3 id="bundle-needs-title">{t('bundle.needs.title')}</h3>
      <p className="hint">{t('bundle.needs.intro')}</p>
      <button
        type="button"
        className="btn"
        disabled={reading || needsLoading}
        onClick={() => void onRead()}
        data-testid="bundle-read"
      >
        {reading || needsLoading ? t('bundle.needs.reading') : t('bundle.needs.read')}
      </button>
      {noNodes && (
        <p role="alert" className="error-text" data-testid="bundle-no-nodes">
          {t('bundle.needs.noNodes')}
        </p>
      )}
      {missing.length > 0 && (
        <div role="alert" className="error-text" data-testid="bundle-missing-facts">
          {missing.map((m) => (
            <p key={m.name}>
              {t('bundle.needs.noFacts', { name: m.name, reason: m.reason || '–' })}
            </p>
          ))}
        </div>
      )}
      {needsError && (
        <p role="alert" className="error-text" data-testid="bundle-needs-error">
          {needsError.field
            ? t('bundle.fieldError', { field: needsError.field, message: needsError.message })
            : needsError.message}
        </p>
      )}
      {needs && (
        <div data-testid="bundle-needs-list">
          <p>{t('bundle.needs.versions', { versions: needs.versions.join(' → ') })}</p>
          {needs.errors.length > 0 && (
            <ul role="alert" className="error-text">
              {needs.errors.map((e) => (
                <li key={e.field + e.message}>
                  {t('bundle.fieldError', {
                    field: e.field,
                    message: lang === 'zh' && e.messageZh ? e.messageZh : e.message,
                  })}
                </li>
              ))}
            </ul>
          )}
          {artifactsByKind(needs.artifacts).map((group) => (
            <details key={group.kind} data-testid={`bundle-kind-${group.kind}`}>
              <summary>{t(`bundle.kind.${group.kind}`, { count: group.artifacts.length })}</summary>
              <ul className="bundle-artifacts">
                {group.artifacts.map((a) => (
                  <li key={a.id} title={a.why[lang]}>
                    <code>{artifactLabel(a)}</code>
                    <span className="hint"> · {a.why[lang]}</span>
                  </li>
                ))}
              </ul>
            </details>
          ))}
          <p className="hint" data-testid="bundle-size">
            {sized
              ? t('bundle.needs.sized', {
                  size: formatSize(progress.knownBytes),
                  unsized: progress.unsized,
                })
              : t('bundle.needs.unsized')}
          </p>
          {needs.notes.map((n) => (
            <p key={n.en} className="hint">
              {n[lang]}
            </p>
          ))}
        </div>
      )}
    </section>
  );
}

import { useCallback, useEffect, useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { operationInfo } from '../../../../common/catalog/operations';
import type { RunSummary } from '../../../../common/contracts/runs';
import { kubelab } from '../../bridge/kubelab';
import { errorText } from '../../state/toastStore';
import { catalogLang, countByStatus } from './historyView';
import { RunCells } from './RunCells';
import { SupportBundleButton } from './SupportBundleButton';
import './history.css';

/**
 * Run history (issue 18): every run of this project, newest first — install, add-node, resets,
 * upgrades, renewals, removals, backups — with who started it, its outcome and each cell's result
 * and log (runs.list / runs.log, the same as `kubelab runs`). Read-only; and the support bundle.
 */
export function HistoryScreen(): JSX.Element {
  const { t, i18n } = useTranslation();
  const lang = catalogLang(i18n.language);
  const [runs, setRuns] = useState<RunSummary[]>();
  const [error, setError] = useState<string>();
  const [selected, setSelected] = useState<string>();

  const load = useCallback((): void => {
    kubelab.runs
      .list({})
      .then(({ runs: list }) => {
        setRuns(list);
        setError(undefined);
      })
      .catch((err: unknown) => setError(errorText(err)));
  }, []);
  useEffect(load, [load]);

  const when = (iso: string | undefined): string =>
    iso ? new Date(iso).toLocaleString(i18n.language) : '—';
  const current = runs?.find((r) => r.runId === selected);

  return (
    <section className="area history" aria-labelledby="history-title" data-testid="area-history">
      <div className="area-head">
        <h2 id="history-title">{t('history.title')}</h2>
        <div className="toolbar">
          <button type="button" className="btn" onClick={load} data-testid="history-refresh">
            {t('history.refresh')}
          </button>
          <SupportBundleButton />
        </div>
      </div>
      <p className="hint">{t('history.intro')}</p>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {runs && runs.length === 0 && <p className="hint">{t('history.empty')}</p>}
      {runs && runs.length > 0 && (
        <table className="history-runs" data-testid="history-runs">
          <thead>
            <tr>
              <th>{t('history.started')}</th>
              <th>{t('history.operation')}</th>
              <th>{t('history.origin')}</th>
              <th>{t('history.outcome')}</th>
              <th>{t('history.steps')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr
                key={r.runId}
                className={r.runId === selected ? 'selected' : undefined}
                data-testid={`history-run-${r.runId}`}
              >
                <td>
                  <button
                    type="button"
                    className="link"
                    aria-expanded={r.runId === selected}
                    onClick={() => setSelected(r.runId === selected ? undefined : r.runId)}
                  >
                    {when(r.startedAt)}
                  </button>
                </td>
                <td>{operationInfo(r.operation).title[lang]}</td>
                <td>{t(`history.from.${r.origin}`)}</td>
                <td className={`history-outcome ${r.outcome}`}>
                  {t(`history.outcomes.${r.outcome}`)}
                  {r.finishedAt && <span className="hint"> · {when(r.finishedAt)}</span>}
                </td>
                <td>
                  {countByStatus(r.cells)
                    .map(({ status, count }) => t(`history.count.${status}`, { count }))
                    .join(t('history.listSeparator'))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {current && (
        <div className="history-detail" data-testid="history-detail">
          <h3>
            {operationInfo(current.operation).title[lang]} · <code>{current.runId}</code>
          </h3>
          <RunCells run={current} />
        </div>
      )}
    </section>
  );
}

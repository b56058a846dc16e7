import { useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunSummary } from '../../../../common/contracts/runs';
import type { TaskLog } from '../../../../common/contracts/install';
import { isStepId, stepInfo } from '../../../../common/catalog/steps';
import { kubelab } from '../../bridge/kubelab';
import { errorText } from '../../state/toastStore';
import { catalogLang, logPane, type CatalogLang, type LogPane } from './historyView';

function stepTitle(stepId: string, lang: CatalogLang): string {
  return isStepId(stepId) ? stepInfo(stepId).title[lang] : stepId;
}

/** One run's cells: step, node, result, attempts, cause or error, and each cell's kept log. */
export function RunCells({ run }: { run: RunSummary }): JSX.Element {
  const { t, i18n } = useTranslation();
  const lang = catalogLang(i18n.language);
  const [open, setOpen] = useState<{ key: string; log?: TaskLog; error?: string }>();

  const showLog = (stepId: string, nodeId: string): void => {
    const key = `${stepId}/${nodeId}`;
    if (open?.key === key) {
      setOpen(undefined);
      return;
    }
    setOpen({ key });
    kubelab.runs
      .log({ runId: run.runId, stepId, nodeId })
      .then((log) => setOpen((o) => (o?.key === key ? { key, log } : o)))
      .catch((err: unknown) =>
        setOpen((o) => (o?.key === key ? { key, error: errorText(err) } : o)),
      );
  };

  return (
    <table className="history-cells" data-testid="history-cells">
      <thead>
        <tr>
          <th>{t('history.step')}</th>
          <th>{t('history.node')}</th>
          <th>{t('history.result')}</th>
          <th>{t('history.attempts')}</th>
          <th>{t('history.detail')}</th>
        </tr>
      </thead>
      <tbody>
        {run.cells.map((c) => {
          const key = `${c.stepId}/${c.nodeId}`;
          const shown = open?.key === key ? open : undefined;
          return (
            <tr key={key} data-testid={`history-cell-${c.nodeId}-${c.stepId}`}>
              <td>{stepTitle(c.stepId, lang)}</td>
              <td>{c.nodeId}</td>
              <td className={`history-status ${c.status}`}>{t(`history.status.${c.status}`)}</td>
              <td>{c.attempts}</td>
              <td>
                {c.cause && <div className="history-cause">{c.cause[lang]}</div>}
                {c.error && <div className="history-error">{c.error}</div>}
                <button
                  type="button"
                  className="btn small"
                  aria-expanded={shown !== undefined}
                  onClick={() => showLog(c.stepId, c.nodeId)}
                  data-testid={`history-log-${c.nodeId}-${c.stepId}`}
                >
                  {shown ? t('history.hideLog') : t('history.showLog')}
                </button>
                {shown && (
                  <pre className="history-log" data-testid="history-log">
                    <LogText pane={logPane(shown.log, shown.error)} />
                  </pre>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function LogText({ pane }: { pane: LogPane }): JSX.Element {
  const { t } = useTranslation();
  switch (pane.kind) {
    case 'loading':
      return <>{t('history.loading')}</>;
    case 'error':
      return <>{pane.message}</>;
    case 'none':
      return <>{t('history.noLog')}</>;
    case 'text':
      return (
        <>
          {pane.truncatedOf !== undefined &&
            `${t('history.truncated', { bytes: pane.truncatedOf })}\n`}
          {pane.text}
        </>
      );
  }
}

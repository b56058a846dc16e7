import { useEffect, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { kubelab } from '../../bridge/kubelab';
import { cellKey, type CellRef } from '../../components/checklist/types';
import { LogViewer } from '../../components/log/LogViewer';
import { EMPTY_LOG } from '../../components/log/logBuffer';
import { isNotice, NOTICE_PREFIX } from '../../../../common/model/stepNotice';
import { StatusIcon } from '../../components/ui/StatusIcon';
import { errorText, useToasts } from '../../state/toastStore';
import { diagnosticCommands } from './diagnostics';
import { DiagnosisPanel } from './DiagnosisPanel';
import { FailureOutput } from './FailureOutput';
import { useRunStore } from '../../state/runStore';
import { useAppStore } from '../../state/appStore';
import { useTerminalsStore } from '../../state/terminalsStore';

/** The selected step on the selected node: its live log, its error, and what can be done. */
export function CellDetail({
  cell,
  steps,
}: {
  cell?: CellRef;
  steps: readonly { id: string; label: string }[];
}): JSX.Element {
  const { t } = useTranslation();
  const push = useToasts((s) => s.push);
  const key = cell ? cellKey(cell.stepId, cell.nodeId) : '';
  const state = useRunStore((s) => (cell ? s.cells[key] : undefined));
  const task = useRunStore((s) => (cell ? s.tasks[key] : undefined));
  const log = useRunStore((s) => (cell ? s.logs[key] : undefined)) ?? EMPTY_LOG;
  const active = useRunStore((s) => s.active);
  const loadLog = useRunStore((s) => s.loadLog);
  const started = task !== undefined && task.status !== 'pending';
  // A step that ran before this page was loaded: its log is in the run's files, not in events.
  useEffect(() => {
    if (cell && started) loadLog(cell.stepId, cell.nodeId).catch(() => undefined);
  }, [cell, started, loadLog]);
  const openTerminal = useTerminalsStore((s) => s.open);
  const setArea = useAppStore((s) => s.setArea);

  // What the step did on its own (e.g. kubeadm reset of a failed init before running it again):
  // said above the log, not only inside it. The step's own lines are English, as kubeadm's are.
  const notices = log.lines.filter(isNotice).map((l) => l.slice(NOTICE_PREFIX.length));
  if (!cell) {
    return <p className="hint cell-detail-empty">{t('install.pickCell')}</p>;
  }
  const step = steps.find((s) => s.id === cell.stepId)?.label ?? cell.stepId;
  const title = t('install.logTitle', { step, node: cell.nodeId });
  const failed = state?.status === 'failed';

  const openHere = async (): Promise<void> => {
    const [first] = diagnosticCommands(cell.stepId);
    await openTerminal({ kind: 'node', nodeId: cell.nodeId }, cell.nodeId, first);
    setArea('terminals');
  };

  const act = async (what: 'retry' | 'skip'): Promise<void> => {
    try {
      if (what === 'retry') await kubelab.install.retry(cell);
      else await kubelab.install.skip(cell);
    } catch (err) {
      push('error', errorText(err));
    }
  };

  return (
    <div className="cell-detail" data-testid="cell-detail">
      <div className="cell-detail-head">
        {state && <StatusIcon status={state.status} />}
        <h2>{title}</h2>
        {failed && (
          <div className="toolbar">
            <button
              type="button"
              className="btn"
              disabled={active}
              onClick={() => void act('retry')}
              data-testid="cell-retry"
            >
              {t('install.retry')}
            </button>
            <button
              type="button"
              className="btn"
              disabled={active}
              onClick={() => void act('skip')}
              data-testid="cell-skip"
            >
              {t('install.skip')}
            </button>
          </div>
        )}
      </div>
      {task?.error && (
        <p role="alert" className="error-text">
          {/* With a diagnosis, the root cause leads and the raw output is collapsed below it. */}
          {task.diagnosis ? task.error.message.split('\n')[0] : task.error.message}
        </p>
      )}
      {failed && task?.diagnosis && (
        <DiagnosisPanel
          nodeId={cell.nodeId}
          diagnosis={task.diagnosis}
          busy={active}
          onRetry={() => void act('retry')}
        />
      )}
      {failed && task?.diagnosis && task.error && (
        <FailureOutput text={task.error.message} evidence={[task.diagnosis.evidence.text]} />
      )}
      {failed && (
        <div className="diagnostics">
          <div className="toolbar">
            <button
              type="button"
              className="btn"
              data-testid="cell-open-terminal"
              onClick={() => void openHere()}
            >
              {t('install.openTerminal')}
            </button>
            <span className="hint">{t('install.typedNotRun')}</span>
          </div>
          <p className="hint">{t('install.diagnostics')}</p>
          <ul>
            {diagnosticCommands(cell.stepId).map((cmd) => (
              <li key={cmd}>
                <code>{cmd}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {notices.map((text) => (
        <p key={text} role="status" className="hint cell-notice" data-testid="cell-notice">
          {t('install.notice', { text })}
        </p>
      ))}
      <div className="cell-log">
        <LogViewer log={log} label={title} emptyText={t('install.waitingLog')} />
      </div>
    </div>
  );
}

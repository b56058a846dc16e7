import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { PreflightRun } from '../../../../../common/contracts/preflight';
import { Dialog } from '../../../components/ui/Dialog';
import { useNodeNames } from './useNodeNames';

/**
 * Install asked first: preflight (reused while fresh) found what blocks the install, or could not
 * run. Each blocker with whether a fix is offered; the fixes themselves are in the preflight
 * results under the checklist. Installing anyway is an explicit choice, never the default.
 */
export function PreflightGate({
  run,
  error,
  onCancel,
  onAnyway,
}: {
  run?: PreflightRun;
  error?: string;
  onCancel(): void;
  onAnyway(): void;
}): JSX.Element {
  const { t, i18n } = useTranslation();
  const names = useNodeNames();
  const zh = i18n.language.startsWith('zh');
  const blockers = (run?.report.results ?? []).filter(
    (r) => r.status === 'fail' && r.severity === 'block',
  );
  return (
    <Dialog
      open
      alert
      title={
        error ? t('install.gate.errorTitle') : t('install.gate.title', { count: blockers.length })
      }
      onClose={onCancel}
      testId="preflight-gate"
      footer={
        <>
          <button
            type="button"
            className="btn"
            onClick={onCancel}
            data-testid="preflight-gate-cancel"
          >
            {t('install.gate.cancel')}
          </button>
          <button
            type="button"
            className="btn danger"
            onClick={onAnyway}
            data-testid="preflight-gate-anyway"
          >
            {t('install.gate.anyway')}
          </button>
        </>
      }
    >
      {error ? (
        <p className="error-text">{t('install.gate.error', { message: error })}</p>
      ) : (
        <>
          <ul className="pf-gate-list">
            {blockers.map((r) => (
              <li key={`${r.checkId}\t${r.nodeIds.join(',')}`} data-testid="preflight-gate-item">
                <strong>{names(r.nodeIds)}</strong>: {zh ? r.message.zh : r.message.en}
                {r.fix && <span className="hint"> {t('install.gate.fixOffered')}</span>}
              </li>
            ))}
          </ul>
          <p className="hint">{t('install.gate.hint')}</p>
        </>
      )}
    </Dialog>
  );
}

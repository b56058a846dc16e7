import { useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagnosisFixOutcome } from '../../../../common/contracts/diagnosis';
import type { TaskDiagnosis } from '../../../../common/model/runEvent';
import { kubelab } from '../../bridge/kubelab';
import { errorText, useToasts } from '../../state/toastStore';

/** A fix runs from the panel only when it is fully rendered (no parameter left to fill in). */
export function canApply(d: TaskDiagnosis): boolean {
  const p = d.fix.preview;
  return p !== undefined && p.missingParams.length === 0;
}

/**
 * What the classifier made of a failed step (engine: main/engine/diagnose.ts): title,
 * explanation, the evidence line with its number and source, the fix and its exact commands in
 * the UI's language; "Apply fix" runs it on the node (a destructive one after a second click),
 * then Retry is offered.
 */
export function DiagnosisPanel({
  nodeId,
  diagnosis: d,
  busy,
  onRetry,
}: {
  nodeId: string;
  diagnosis: TaskDiagnosis;
  busy: boolean;
  onRetry(): void;
}): JSX.Element {
  const { t, i18n } = useTranslation();
  const push = useToasts((s) => s.push);
  const lang = i18n.language === 'zh-CN' ? 'zh' : 'en';
  const [confirming, setConfirming] = useState(false);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<DiagnosisFixOutcome | undefined>();
  const preview = d.fix.preview;
  const source = d.source === 'step output' ? t('install.diagnosis.stepOutput') : d.source;

  const apply = async (): Promise<void> => {
    if (!preview) return;
    if (preview.destructive && !confirming) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    setRunning(true);
    try {
      const out = await kubelab.diagnosis.applyFix({
        nodeId,
        fixId: preview.id as Parameters<typeof kubelab.diagnosis.applyFix>[0]['fixId'],
        params: d.fix.params ?? {},
        confirm: true,
      });
      setOutcome(out);
    } catch (err) {
      push('error', errorText(err));
    } finally {
      setRunning(false);
    }
  };

  return (
    <section
      className="diagnosis"
      data-testid="diagnosis"
      aria-label={t('install.diagnosis.title')}
    >
      <h3 data-testid="diagnosis-title">{d.title[lang]}</h3>
      <p>{d.explanation[lang]}</p>
      <p className="hint">{t('install.diagnosis.evidence', { line: d.evidence.line, source })}</p>
      <pre className="diagnosis-evidence" data-testid="diagnosis-evidence">
        {d.evidence.text}
      </pre>
      <p data-testid="diagnosis-fix">
        <strong>{t('install.diagnosis.fix')}</strong> {d.fix.text[lang]}
      </p>
      {preview && (
        <>
          <p className="hint">
            {t(`install.diagnosis.runsOn.${preview.runsOn}`)}
            {preview.destructive ? ` — ${t('install.diagnosis.destructive')}` : ''}
          </p>
          <pre className="diagnosis-commands" data-testid="diagnosis-commands">
            {preview.commands.join('\n')}
          </pre>
          {preview.missingParams.length > 0 && (
            <p className="hint">
              {t('install.diagnosis.missing', { names: preview.missingParams.join(', ') })}
            </p>
          )}
        </>
      )}
      <div className="toolbar">
        {canApply(d) && (
          <button
            type="button"
            className={confirming ? 'btn danger' : 'btn primary'}
            disabled={busy || running}
            onClick={() => void apply()}
            data-testid="diagnosis-apply"
          >
            {running
              ? t('install.diagnosis.applying')
              : confirming
                ? t('install.diagnosis.confirm')
                : t('install.diagnosis.apply')}
          </button>
        )}
        {outcome && (
          <>
            <span role="status" data-testid="diagnosis-outcome">
              {outcome.ok
                ? t('install.diagnosis.applied', { nodes: outcome.ranOn.join(', ') })
                : t('install.diagnosis.applyFailed', { nodes: outcome.ranOn.join(', ') })}
            </span>
            <button
              type="button"
              className="btn"
              disabled={busy}
              onClick={onRetry}
              data-testid="diagnosis-retry"
            >
              {t('install.retry')}
            </button>
          </>
        )}
      </div>
    </section>
  );
}

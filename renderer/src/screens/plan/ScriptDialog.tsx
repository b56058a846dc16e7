import { useEffect, useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { STEPS } from '../../../../common/catalog/steps';
import type { RenderedTask } from '../../../../common/model/runEvent';
import { kubelab } from '../../bridge/kubelab';
import { Dialog } from '../../components/ui/Dialog';
import { SelectField } from '../../components/ui/Field';
import { Progress } from '../../components/ui/Progress';
import { errorText } from '../../state/toastStore';

/**
 * "Show script": a dry run of the install (nothing changes on any machine) and the exact script
 * each step would run on the chosen node.
 */
export function ScriptDialog({
  open,
  onClose,
}: {
  open: boolean;
  onClose(): void;
}): JSX.Element | null {
  const { t, i18n } = useTranslation();
  const [tasks, setTasks] = useState<RenderedTask[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [nodeId, setNodeId] = useState('');
  const [stepId, setStepId] = useState('');

  useEffect(() => {
    if (!open) return;
    setBusy(true);
    setError(undefined);
    kubelab.run
      .start({ operation: 'install', dryRun: true })
      .then((started) => {
        const rendered = started.result?.rendered ?? [];
        setTasks(rendered);
        setNodeId(rendered[0]?.nodeId ?? '');
        setStepId(rendered[0]?.stepId ?? '');
      })
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => setBusy(false));
  }, [open]);

  const nodes = [...new Set(tasks.map((task) => task.nodeId))];
  const steps = tasks.filter((task) => task.nodeId === nodeId);
  const current = steps.find((task) => task.stepId === stepId) ?? steps[0];
  const title = (id: string): string => {
    const info = STEPS.find((s) => s.id === id);
    return info ? info.title[i18n.language === 'zh-CN' ? 'zh' : 'en'] : id;
  };

  return (
    <Dialog open={open} title={t('plan.scriptTitle')} onClose={onClose} wide testId="script-dialog">
      <Progress active={busy} label={t('plan.rendering')} />
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {!busy && !error && tasks.length === 0 && <p className="hint">{t('plan.noScripts')}</p>}
      {tasks.length > 0 && (
        <div className="form-grid">
          <SelectField
            label={t('plan.node')}
            value={nodeId}
            options={nodes.map((n) => ({ value: n, label: n }))}
            onValue={setNodeId}
          />
          <SelectField
            label={t('plan.step')}
            value={current?.stepId ?? ''}
            options={steps.map((s) => ({ value: s.stepId, label: title(s.stepId) }))}
            onValue={setStepId}
          />
        </div>
      )}
      {current && (
        <pre className="code" tabIndex={0} data-testid="script-text">
          {current.script}
        </pre>
      )}
    </Dialog>
  );
}

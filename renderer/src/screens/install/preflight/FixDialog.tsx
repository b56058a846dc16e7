import { useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import type { FixOutcome } from '../../../../../common/contracts/preflight';
import { AppError } from '../../../../../common/model/appError';
import type { CheckResult } from '../../../../../common/model/preflight';
import { fixTargets } from '../../../../../common/preflight/fixTargets';
import { kubelab } from '../../../bridge/kubelab';
import { Dialog } from '../../../components/ui/Dialog';
import { SelectField, TextField } from '../../../components/ui/Field';
import type { FieldProblems } from '../../../components/ui/fieldErrors';
import { Progress } from '../../../components/ui/Progress';
import { errorText } from '../../../state/toastStore';
import { useNodesStore } from '../../../state/nodesStore';
import { CheckItem } from './CheckItem';
import { errorField, fixNodeChoices, paramsFor, previewCommands } from './fixPreview';
import { FixOutcomeView } from './FixOutcomeView';

type Phase = 'preview' | 'confirm' | 'running' | 'done';

/**
 * A check's fix before it runs: the exact commands (with the values typed for what the check
 * could not know, e.g. a new hostname) and the machines they run on as root. A destructive fix
 * asks once more. Then it runs, preflight runs again, and the check's new result is shown here
 * while the panel behind takes the whole new run (`onFixed`).
 */
export function FixDialog({
  result,
  onClose,
  onFixed,
}: {
  result: CheckResult;
  onClose(): void;
  onFixed(outcome: FixOutcome): void;
}): JSX.Element | null {
  const { t } = useTranslation();
  const nodes = useNodesStore((s) => s.nodes);
  const names = (ids: readonly string[]): string =>
    ids.map((id) => nodes.find((n) => n.id === id)?.name ?? id).join(', ');
  const choices = fixNodeChoices(result);
  const [nodeId, setNodeId] = useState(choices[0] ?? '');
  const [params, setParams] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<FieldProblems>({});
  const [error, setError] = useState<string | undefined>();
  const [phase, setPhase] = useState<Phase>('preview');
  const [outcome, setOutcome] = useState<FixOutcome | undefined>();
  const fix = result.fix;
  if (!fix) return null;

  // Where it runs, as the back end's runner decides (no control plane: said, and Run disabled).
  let targets: string[] = [];
  let targetError: string | undefined;
  try {
    targets = fixTargets(result, fix, nodeId, nodes);
  } catch (err) {
    targetError = errorText(err);
  }
  const commands = previewCommands(fix.commands, fix.missingParams, params);

  const run = async (): Promise<void> => {
    const sent = paramsFor(fix.missingParams, params);
    const blank = Object.entries(sent).filter(([, v]) => v === '');
    if (blank.length > 0) {
      setProblems(
        Object.fromEntries(
          blank.map(([n]) => [n, { key: 'validation.required', values: {}, fallback: '' }]),
        ),
      );
      setPhase('preview');
      return;
    }
    if (fix.destructive && phase === 'preview') {
      setPhase('confirm');
      return;
    }
    setPhase('running');
    setProblems({});
    setError(undefined);
    try {
      const out = await kubelab.preflight.fix({
        checkId: result.checkId,
        nodeId,
        params: sent,
        confirm: true,
      });
      setOutcome(out);
      setPhase('done');
      onFixed(out);
    } catch (err) {
      const field = err instanceof AppError ? errorField(err.field) : undefined;
      if (field) {
        setProblems({
          [field]: {
            key: `validation.fields.params.${field}`,
            values: {},
            fallback: errorText(err),
          },
        });
      } else {
        setError(errorText(err));
      }
      setPhase('preview');
    }
  };

  const busy = phase === 'running';
  const footer =
    phase === 'done' ? (
      <button type="button" className="btn primary" onClick={onClose} data-testid="fix-close">
        {t('common.close')}
      </button>
    ) : (
      <>
        <button
          type="button"
          className="btn"
          disabled={busy}
          onClick={phase === 'confirm' ? () => setPhase('preview') : onClose}
        >
          {phase === 'confirm' ? t('install.pf.back') : t('common.cancel')}
        </button>
        <button
          type="button"
          className={`btn primary${fix.destructive ? ' danger-fill' : ''}`}
          disabled={busy || targets.length === 0}
          onClick={() => void run()}
          data-testid={phase === 'confirm' ? 'fix-confirm-destructive' : 'fix-run'}
        >
          {phase === 'confirm'
            ? t('install.pf.confirmDestructive', { nodes: names(targets) })
            : fix.destructive
              ? t('install.pf.runDestructive')
              : t('install.pf.run')}
        </button>
      </>
    );

  return (
    <Dialog
      open
      wide
      title={t('install.pf.dialogTitle', { fix: fix.id, nodes: names(result.nodeIds) })}
      onClose={busy ? () => undefined : onClose}
      footer={footer}
      testId="fix-dialog"
    >
      <ul className="pf-list pf-dialog-check">
        <CheckItem result={result} names={names} />
      </ul>
      {choices.length > 1 && (
        <SelectField
          label={t('install.pf.whichNode')}
          value={nodeId}
          options={choices.map((id) => ({ value: id, label: names([id]) }))}
          onValue={setNodeId}
          disabled={phase !== 'preview'}
          problem={problems.nodeId}
          data-testid="fix-node"
        />
      )}
      {fix.missingParams.map((name) => (
        <TextField
          key={name}
          label={t(`install.pf.param.${name}`, { defaultValue: name })}
          value={params[name] ?? ''}
          onValue={(v) => {
            setParams({ ...params, [name]: v });
            setProblems(Object.fromEntries(Object.entries(problems).filter(([k]) => k !== name)));
          }}
          problem={problems[name]}
          disabled={phase !== 'preview'}
          spellCheck={false}
          autoComplete="off"
          data-testid={`fix-param-${name}`}
        />
      ))}
      <p className="hint" data-testid="fix-runs-on">
        {t('install.pf.runsOn', { nodes: names(targets), count: targets.length })}
      </p>
      <pre className="pf-commands" data-testid="fix-commands">
        {commands.join('\n')}
      </pre>
      {fix.destructive && (
        <p className="error-text" data-testid="fix-destructive">
          {t('install.pf.destructive')}
        </p>
      )}
      {phase === 'confirm' && (
        <p role="alert" className="pf-confirm" data-testid="fix-confirm-text">
          {t('install.pf.confirmText', { fix: fix.id, nodes: names(targets) })}
        </p>
      )}
      <Progress active={busy} label={t('install.pf.running')} delayMs={0} />
      {busy && (
        <p className="hint" role="status">
          {t('install.pf.running')}
        </p>
      )}
      {(error ?? targetError) && (
        <p role="alert" className="error-text" data-testid="fix-error">
          {error ?? targetError}
        </p>
      )}
      {outcome && <FixOutcomeView outcome={outcome} names={names} />}
    </Dialog>
  );
}

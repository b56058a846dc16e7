import type { JSX } from 'react';
import { useTranslation } from 'react-i18next';
import {
  operationInfo,
  type OperationId,
  type OperationInfo,
} from '../../../../common/catalog/operations';
import { isResetOperation } from '../../../../common/model/runState';
import { Progress } from '../../components/ui/Progress';
import { OperationsMenu } from './OperationsMenu';

export interface InstallToolbarProps {
  run: { kind: OperationId; active: boolean; outcome?: string };
  busy: boolean;
  checkingFirst: boolean;
  stepsDone: number;
  stepsTotal: number;
  /** No machine in the inventory: nothing to install yet. */
  noMachines: boolean;
  /** The install button is the main action (nothing installed yet) or one among others. */
  installed: boolean;
  unfinished: boolean;
  offered: readonly OperationInfo[];
  onInstall(): void;
  onCancel(): void;
  onOperation(operation: OperationInfo): void;
}

/** The screen's head: progress, the run's outcome, Install (or Cancel) and the operations menu. */
export function InstallToolbar(props: InstallToolbarProps): JSX.Element {
  const { t, i18n } = useTranslation();
  const { run } = props;
  const lang = i18n.language.startsWith('zh') ? 'zh' : 'en';
  // The install's and a reset's own words; any other operation's outcome names it.
  const outcomeText = (kind: OperationId, outcome: string): string => {
    if (kind === 'install' || kind === 'add-node') return t(`install.outcome.${outcome}`);
    if (isResetOperation(kind)) return t(`install.reset.outcome.${outcome}`);
    return t(`operations.outcome.${outcome}`, { title: operationInfo(kind).title[lang] });
  };
  return (
    <div className="toolbar">
      <Progress
        active={run.active || props.busy}
        label={t(props.checkingFirst ? 'install.checkingFirst' : 'install.running')}
        delayMs={0}
      />
      {props.stepsTotal > 0 && run.kind === 'install' && (
        <span className="hint" data-testid="install-progress">
          {t('install.progress', { done: props.stepsDone, count: props.stepsTotal })}
        </span>
      )}
      {run.outcome && !run.active && (
        <span
          className={`run-outcome outcome-${run.outcome}`}
          role="status"
          data-testid="install-outcome"
        >
          {outcomeText(run.kind, run.outcome)}
        </span>
      )}
      {run.active ? (
        <button
          type="button"
          className="btn danger"
          onClick={props.onCancel}
          data-testid="install-cancel"
        >
          {t('install.cancel')}
        </button>
      ) : (
        <button
          type="button"
          className={props.installed ? 'btn' : 'btn primary'}
          disabled={props.busy || props.noMachines}
          title={props.noMachines ? t('install.next') : undefined}
          onClick={props.onInstall}
          data-testid="install-start"
        >
          {t(mainLabel(props.unfinished, run.outcome))}
        </button>
      )}
      <OperationsMenu
        offered={props.offered}
        disabled={run.active || props.busy}
        onChoose={props.onOperation}
      />
    </div>
  );
}

/**
 * The main button's word. After a failure it runs the failed steps again and goes on, which is
 * what a failed cell's Retry does too: one word for one action (issue 18). A cancelled run was
 * not failing, so it resumes.
 */
export function mainLabel(unfinished: boolean, outcome: string | undefined): string {
  if (!unfinished) return 'install.start';
  return outcome === 'failed' ? 'install.retry' : 'install.resume';
}

import { useEffect, useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { kubelab } from '../../bridge/kubelab';
import { errorText } from '../../state/toastStore';
import { SelectField, TextField } from '../../components/ui/Field';
import type { DrainBlocked } from '../../../../common/upgrade/runParams';
import { runtimeMigrationRefusal } from '../../../../common/upgrade/runtimeGate';
import {
  upgradeRunSummary,
  upgradeTargets,
  type OperationChoice,
  type UpgradeRunSummary,
} from './operationsMenu';

interface Props {
  kubernetesVersion: string;
  /** The choice to start, or undefined while the target's plan is unknown or refused. */
  onChoice(choice: OperationChoice | undefined): void;
}

type Planned = { summary: UpgradeRunSummary } | { problem: string } | undefined;

/**
 * The Upgrade dialog's fields: the target (releases newer than the cluster's), workers per batch,
 * the etcd snapshot before the hop, what a drain does when a PodDisruptionBudget blocks it, and what this run does — its hop, the hops left, and each
 * node's turn and downtime — from `upgrade.plan`, the plan `kubelab upgrade --dry-run` prints.
 */
export function UpgradeFields({ kubernetesVersion, onChoice }: Props): JSX.Element {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('zh') ? 'zh' : 'en';
  const targets = upgradeTargets(kubernetesVersion);
  const [to, setTo] = useState(targets[0] ?? '');
  const [batchText, setBatchText] = useState('1');
  const [snapshot, setSnapshot] = useState(true);
  const [drainBlocked, setDrainBlocked] = useState<DrainBlocked>('wait');
  const [planned, setPlanned] = useState<Planned>();
  const batch = /^\d{1,3}$/.test(batchText) ? Number(batchText) : NaN;
  const batchOk = batch >= 1 && batch <= 100;

  useEffect(() => {
    if (!to || !batchOk) return;
    let current = true;
    setPlanned(undefined);
    kubelab.upgrade
      .plan({ to, workerBatchSize: batch })
      .then((answer) => {
        if (!current) return;
        const summary = answer.plan ? upgradeRunSummary(answer.plan) : undefined;
        // The run refuses a hop whose runtime migration it cannot make yet (as the CLI does).
        const first = answer.plan?.hops[0];
        const runtime = first ? runtimeMigrationRefusal(first) : undefined;
        const refused = [...answer.errors, ...(runtime ? [runtime] : [])].map((e) =>
          lang === 'zh' ? (e.messageZh ?? e.message) : e.message,
        );
        setPlanned(summary && refused.length === 0 ? { summary } : { problem: refused.join(' ') });
      })
      .catch((err: unknown) => current && setPlanned({ problem: errorText(err) }));
    return () => {
      current = false;
    };
  }, [to, batch, batchOk, lang]);

  const ready = planned !== undefined && 'summary' in planned && batchOk;
  useEffect(() => {
    onChoice(ready ? { operation: 'upgrade', to, batch, snapshot, drainBlocked } : undefined);
  }, [ready, to, batch, snapshot, drainBlocked, onChoice]);

  if (targets.length === 0)
    return <p className="hint">{t('operations.noVersion', { current: kubernetesVersion })}</p>;
  const summary = planned && 'summary' in planned ? planned.summary : undefined;
  return (
    <div className="upgrade-fields" data-testid="operation-upgrade-fields">
      <p data-testid="operation-upgrade-current">
        {t('operations.upgrade.current', { current: kubernetesVersion })}
      </p>
      <SelectField
        label={t('operations.upgrade.target')}
        value={to}
        options={targets.map((v) => ({ value: v, label: v }))}
        onValue={setTo}
        data-testid="operation-version"
      />
      <TextField
        label={t('operations.upgrade.batch')}
        value={batchText}
        inputMode="numeric"
        onValue={setBatchText}
        problem={
          batchOk
            ? undefined
            : {
                key: 'operations.upgrade.batchInvalid',
                values: {},
                fallback: 'A whole number from 1 to 100',
              }
        }
        data-testid="operation-upgrade-batch"
      />
      <label className="check">
        <input
          type="checkbox"
          checked={snapshot}
          onChange={(e) => setSnapshot(e.target.checked)}
          data-testid="operation-upgrade-snapshot"
        />
        {t('operations.upgrade.snapshot')}
      </label>
      <SelectField
        label={t('operations.upgrade.drainBlocked')}
        value={drainBlocked}
        options={[
          { value: 'wait', label: t('operations.upgrade.drainWait') },
          { value: 'force', label: t('operations.upgrade.drainForce') },
          { value: 'skip', label: t('operations.upgrade.drainSkip') },
        ]}
        onValue={(v) => setDrainBlocked(v === 'force' || v === 'skip' ? v : 'wait')}
        data-testid="operation-upgrade-drain-blocked"
      />
      {drainBlocked === 'skip' && (
        <p className="hint" data-testid="operation-upgrade-drain-skip-hint">
          {t('operations.upgrade.drainSkipHint')}
        </p>
      )}
      {drainBlocked === 'force' && (
        <p className="hint" role="alert" data-testid="operation-upgrade-drain-force-warning">
          {t('operations.upgrade.drainForceWarning')}
        </p>
      )}
      {planned === undefined && batchOk && (
        <p className="hint">{t('operations.upgrade.planning')}</p>
      )}
      {planned && 'problem' in planned && (
        <p className="field-error" role="alert" data-testid="operation-upgrade-problem">
          {planned.problem}
        </p>
      )}
      {summary?.migration && (
        <div data-testid="operation-upgrade-migration">
          <p>{t('operations.upgrade.migrationRun', { from: summary.from, hop: summary.hop })}</p>
          {summary.migration.downtime && <p className="hint">{summary.migration.downtime[lang]}</p>}
          <ol className="upgrade-turns">
            {summary.migration.actions.map((action) => (
              <li key={action.en}>{action[lang]}</li>
            ))}
          </ol>
        </div>
      )}
      {summary && !summary.migration && (
        <div data-testid="operation-upgrade-summary">
          <p data-testid="operation-upgrade-hop">
            {summary.remaining > 0
              ? t('operations.upgrade.hopMore', {
                  from: summary.from,
                  hop: summary.hop,
                  target: summary.target,
                  count: summary.remaining,
                })
              : t('operations.upgrade.hopLast', { from: summary.from, hop: summary.hop })}
          </p>
          <ol className="upgrade-turns">
            {summary.turns.map((turn) => (
              <li key={turn.nodeId} data-testid={`operation-upgrade-turn-${turn.nodeId}`}>
                <strong>{turn.name}</strong>{' '}
                {turn.alreadyDone
                  ? t('operations.upgrade.turnDone', { hop: summary.hop })
                  : t(`operations.upgrade.downtime.${turn.downtime}`, { batch: turn.batch })}
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}
